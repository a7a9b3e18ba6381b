import { toCsv, type CsvColumn } from '../../lib/csv.ts';
import { totalGrams } from './record-format.ts';
import type { JobRecord } from './record-types.ts';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** The columns of the history CSV: one line per job, times in UTC (ISO 8601). */
export const HISTORY_COLUMNS: readonly CsvColumn<JobRecord>[] = [
  { header: 'printer', cell: (r) => r.printerName },
  { header: 'model', cell: (r) => r.model },
  { header: 'file', cell: (r) => r.fileName ?? r.jobName },
  { header: 'plate', cell: (r) => r.plate },
  { header: 'started', cell: (r) => iso(r.startedAt) },
  { header: 'ended', cell: (r) => iso(r.endedAt) },
  { header: 'duration_s', cell: (r) => r.durationSeconds },
  { header: 'result', cell: (r) => r.result ?? 'printing' },
  { header: 'failure_reason', cell: (r) => r.failureReason },
  { header: 'layer', cell: (r) => r.layer },
  { header: 'total_layers', cell: (r) => r.totalLayers },
  { header: 'filament_g', cell: (r) => totalGrams(r.filaments) },
  {
    header: 'filaments',
    cell: (r) =>
      r.filaments
        .map((f) => `${f.type ?? '?'} ${f.color ?? ''} ${f.grams === null ? '?' : `${f.grams}g`}`)
        .join('; '),
  },
  { header: 'demo', cell: (r) => (r.demo ? 'yes' : '') },
];

export const historyCsv = (rows: readonly JobRecord[]): string => toCsv(HISTORY_COLUMNS, rows);
