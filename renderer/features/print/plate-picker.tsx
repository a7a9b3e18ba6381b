import type { PlateSummary } from '../../../shared/contract/print-schemas.ts';
import { formatDuration } from './print-format.ts';

/** The plates of a file: thumbnail, time, weight and filaments; one is chosen. */
export function PlatePicker({
  plates,
  value,
  onChange,
}: {
  plates: readonly PlateSummary[];
  value: number;
  onChange: (index: number) => void;
}) {
  return (
    <div className="plates" role="radiogroup" aria-label="Plate">
      {plates.map((p) => (
        <button
          type="button"
          key={p.index}
          role="radio"
          aria-checked={p.index === value}
          aria-label={`Plate ${p.index}`}
          className={`plate${p.index === value ? ' chosen' : ''}`}
          onClick={() => onChange(p.index)}
        >
          {p.thumbnail ? (
            <img src={p.thumbnail} alt="" className="plate-thumb" />
          ) : (
            <div className="plate-thumb empty">no preview</div>
          )}
          <span className="plate-title">Plate {p.index}</span>
          <span className="small muted">
            {formatDuration(p.predictionSeconds)}
            {p.weightGrams !== null ? ` · ${Math.round(p.weightGrams)} g` : ''}
            {p.slicedFor ? ` · ${p.slicedFor}` : ''}
          </span>
          <span className="plate-filaments">
            {p.filaments.map((f) => (
              <span
                key={f.id}
                className="swatch-dot"
                style={{ background: f.color }}
                title={`${f.type} ${f.color}`}
              />
            ))}
          </span>
        </button>
      ))}
    </div>
  );
}
