import { RANGE_KINDS, type RangeKind } from '../lib/date-range.ts';

/** Day / week / month chips, and two dates for a custom range. */
export function RangePicker({
  range,
  custom,
  onRange,
  onCustom,
}: {
  range: RangeKind;
  custom: { from: string; to: string };
  onRange: (range: RangeKind) => void;
  onCustom: (custom: { from: string; to: string }) => void;
}) {
  return (
    <div className="range-picker">
      <div className="chips" role="group" aria-label="Period">
        {RANGE_KINDS.map((k) => (
          <button
            key={k.key}
            className={`chip${range === k.key ? ' active' : ''}`}
            aria-pressed={range === k.key}
            onClick={() => onRange(k.key)}
            data-testid={`range-${k.key}`}
          >
            {k.label}
          </button>
        ))}
      </div>
      {range === 'custom' && (
        <span className="field-inline">
          <input
            type="date"
            aria-label="From"
            value={custom.from}
            onChange={(e) => onCustom({ ...custom, from: e.target.value })}
          />
          <span className="muted">to</span>
          <input
            type="date"
            aria-label="To"
            value={custom.to}
            onChange={(e) => onCustom({ ...custom, to: e.target.value })}
          />
        </span>
      )}
    </div>
  );
}
