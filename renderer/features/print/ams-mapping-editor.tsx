import type { PlateSummary, PrintTargetPlan } from '../../../shared/contract/print-schemas.ts';
import { parseTray, withTray } from './print-format.ts';

/**
 * One printer's AMS mapping: for each filament of the plate, the tray that feeds it (proposed by
 * material then colour, editable), or the external spool when the printer has no loaded AMS.
 */
export function AmsMappingEditor({
  printerName,
  plate,
  target,
  mapping,
  useAms,
  onChange,
}: {
  printerName: string;
  plate: PlateSummary;
  target: PrintTargetPlan;
  mapping: readonly number[];
  useAms: boolean;
  onChange: (mapping: number[], useAms: boolean) => void;
}) {
  if (target.trays.length === 0) {
    return <p className="small muted">No loaded AMS: prints from the external spool.</p>;
  }
  return (
    <div className="mapping" aria-label={`AMS mapping for ${printerName}`} role="group">
      <label className="check-line small">
        <input
          type="checkbox"
          checked={useAms}
          onChange={(e) => onChange([...mapping], e.target.checked)}
        />
        Use the AMS
      </label>
      {useAms &&
        plate.filaments.map((f) => {
          const tray = mapping[f.id - 1] ?? -1;
          const quality = target.matches.find((m) => m.filamentId === f.id)?.quality;
          return (
            <label key={f.id} className="mapping-row small">
              <span className="swatch-dot" style={{ background: f.color }} />
              <span className="mapping-filament">
                {f.type} <span className="muted">{f.color}</span>
              </span>
              <select
                aria-label={`Tray for filament ${f.id} on ${printerName}`}
                value={String(tray)}
                onChange={(e) => {
                  const next = parseTray(e.target.value);
                  if (next !== null) onChange(withTray(mapping, f.id, next), useAms);
                }}
              >
                <option value="-1">– no tray –</option>
                {target.trays.map((t) => (
                  <option key={t.tray} value={String(t.tray)}>
                    {t.label} · {t.material} {t.color}
                  </option>
                ))}
              </select>
              {tray < 0 ? (
                <span className="warn-text">no tray</span>
              ) : quality === 'family' ? (
                <span className="muted">similar material</span>
              ) : null}
            </label>
          );
        })}
    </div>
  );
}
