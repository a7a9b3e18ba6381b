/** One printer's row: utilisation 0..1 per time bucket, null where nothing is known. */
export interface HeatmapRow {
  readonly id: string;
  readonly label: string;
  readonly cells: readonly (number | null)[];
}

const CELL_H = 18;
const LABEL_W = 150;
const HEAD_H = 20;

/** Blends the panel colour into the "printing" blue by utilisation. */
export function heatColor(value: number | null): string {
  if (value === null) return '#1a1f26';
  const v = Math.min(1, Math.max(0, value));
  const mix = (a: number, b: number) => Math.round(a + (b - a) * v);
  return `rgb(${mix(34, 59)}, ${mix(41, 142)}, ${mix(51, 234)})`;
}

/**
 * Utilisation (printing time / wall time) per printer and time bucket, one row per printer. Drawn with
 * plain SVG attributes (the strict CSP allows no inline style sheets).
 */
export function UtilisationHeatmap({
  rows,
  columns,
  width,
}: {
  rows: readonly HeatmapRow[];
  /** One label per bucket (every few are drawn). */
  columns: readonly string[];
  width: number;
}) {
  const n = Math.max(1, columns.length);
  const cellW = Math.max(2, (width - LABEL_W) / n);
  const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor((width - LABEL_W) / 56))));
  const height = HEAD_H + rows.length * CELL_H;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label="Utilisation per printer"
      data-testid="utilisation-heatmap"
    >
      {columns.map((c, i) =>
        i % every === 0 ? (
          <text key={i} className="axis" x={LABEL_W + i * cellW} y={12}>
            {c}
          </text>
        ) : null,
      )}
      {rows.map((row, r) => (
        <g key={row.id} data-printer={row.label}>
          <text
            className="axis heat-label"
            x={LABEL_W - 8}
            y={HEAD_H + r * CELL_H + 13}
            textAnchor="end"
          >
            {row.label.length > 24 ? `${row.label.slice(0, 23)}…` : row.label}
          </text>
          {row.cells.map((v, i) => (
            <rect
              key={i}
              x={LABEL_W + i * cellW}
              y={HEAD_H + r * CELL_H}
              width={Math.max(1, cellW - 1)}
              height={CELL_H - 2}
              rx={2}
              fill={heatColor(v)}
            >
              <title>
                {`${row.label}, ${columns[i] ?? ''}: ${v === null ? 'no data' : `${Math.round(v * 100)}% printing`}`}
              </title>
            </rect>
          ))}
        </g>
      ))}
    </svg>
  );
}
