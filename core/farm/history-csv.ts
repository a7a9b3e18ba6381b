import type { HistoryRecord } from '../../shared/contract/records-schemas.ts';

const COLUMNS = [
  'started',
  'ended',
  'duration_min',
  'printer',
  'serial',
  'model',
  'job',
  'file',
  'plate',
  'result',
  'failure',
  'layer',
  'total_layers',
  'filament_source',
  'filament_g',
  'filaments',
  'started_by_farmdeck',
  'demo',
] as const;

/** One field of RFC 4180 CSV: quoted when it holds a comma, quote or line break. */
function field(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  // A leading = + - @ makes spreadsheets run a formula: prefix a quote so it stays text.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The history as CSV with a header row; lines end with CRLF. */
export function historyCsv(records: readonly HistoryRecord[]): string {
  const lines = [COLUMNS.join(',')];
  for (const r of records) {
    const filaments = r.filament.items
      .map(
        (f) =>
          `${f.material}${f.color ? ` ${f.color}` : ''}${f.grams !== null ? ` ${round(f.grams)}g` : ''}`,
      )
      .join('; ');
    lines.push(
      [
        iso(r.startedAt),
        iso(r.endedAt),
        r.durationSeconds === null ? null : round(r.durationSeconds / 60),
        r.printerName,
        r.printerSerial,
        r.printerModel,
        r.jobName,
        r.fileName,
        r.plate,
        r.result,
        r.failure?.summary ?? null,
        r.layerReached,
        r.totalLayers,
        r.filament.source,
        r.filament.totalGrams === null ? null : round(r.filament.totalGrams),
        filaments,
        r.startedByFarmdeck,
        r.demo,
      ]
        .map(field)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

const round = (n: number) => Math.round(n * 10) / 10;
