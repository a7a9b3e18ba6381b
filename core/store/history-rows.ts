import { sql } from 'drizzle-orm';
import type {
  FailureReason,
  FilamentReport,
  HistoryRecord,
  JobResult,
} from '../../shared/contract/records-schemas.ts';

/** Columns of a history row as `rowToRecord` reads them. */
export const HISTORY_COLUMNS = sql.raw(`id, printer_id, printer_name, printer_serial, printer_model,
  job_name, file_name, plate, library_file_id, started_by_farmdeck,
  (extract(epoch FROM started_at) * 1000)::float8 AS started_ms,
  (extract(epoch FROM ended_at) * 1000)::float8 AS ended_ms,
  result, failure, layer_reached, total_layers, percent, filament,
  snapshot_path IS NOT NULL AS has_snapshot, demo,
  (extract(epoch FROM updated_at) * 1000)::float8 AS updated_ms`);

export interface HistoryRow {
  [key: string]: unknown;
  id: string;
  printer_id: string;
  printer_name: string;
  printer_serial: string;
  printer_model: string | null;
  job_name: string;
  file_name: string;
  plate: number | null;
  library_file_id: string | null;
  started_by_farmdeck: boolean;
  started_ms: number;
  ended_ms: number | null;
  result: JobResult;
  failure: FailureReason | null;
  layer_reached: number | null;
  total_layers: number | null;
  percent: number | null;
  filament: FilamentReport;
  has_snapshot: boolean;
  demo: boolean;
  updated_ms: number;
}

export function rowToRecord(row: HistoryRow, now = Date.now()): HistoryRecord {
  const startedAt = Number(row.started_ms);
  const endedAt = row.ended_ms === null ? null : Number(row.ended_ms);
  return {
    id: row.id,
    printerId: row.printer_id,
    printerName: row.printer_name,
    printerSerial: row.printer_serial,
    printerModel: row.printer_model,
    jobName: row.job_name,
    fileName: row.file_name,
    plate: row.plate,
    libraryFileId: row.library_file_id,
    startedByFarmdeck: row.started_by_farmdeck,
    startedAt,
    endedAt,
    durationSeconds: Math.max(0, Math.round(((endedAt ?? now) - startedAt) / 1000)),
    result: row.result,
    failure: row.failure,
    layerReached: row.layer_reached,
    totalLayers: row.total_layers,
    percent: row.percent === null ? null : Number(row.percent),
    filament: row.filament,
    hasSnapshot: row.has_snapshot,
    demo: row.demo,
    updatedAt: Number(row.updated_ms),
  };
}
