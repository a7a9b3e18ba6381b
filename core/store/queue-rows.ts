import { sql } from 'drizzle-orm';
import type { BedState } from '../../shared/contract/printer-queue-schema.ts';
import type { PrintOptions } from '../../shared/contract/print-schemas.ts';
import type {
  CopyState,
  FilamentRule,
  OnFailure,
  QueueTarget,
} from '../../shared/contract/queue-schemas.ts';
import type { LeaseRow, QueueCopyRow, QueueJobRow, QueuePrinterRow } from '../farm/queue-port.ts';

const msOf = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

/** Columns of a queue_jobs row as `toJob` reads them (alias `j`). */
export const JOB_COLUMNS = sql.raw(`j.id, j.library_file_id, j.file_name, j.plate, j.target,
  j.filament_rule, j.priority, j.position, ${msOf('j.not_before')} AS not_before_ms, j.on_failure,
  j.options, j.waiting, ${msOf('j.created_at')} AS created_ms`);

/** Columns of a queue_copies row as `toCopy` reads them (no alias: usable in RETURNING). */
export const COPY_COLUMNS = sql.raw(`id, job_id, copy_index, state, printer_serial, instance_id,
  history_id, attempts, reason, ${msOf('dispatched_at')} AS dispatched_ms,
  ${msOf('started_at')} AS started_ms, ${msOf('ended_at')} AS ended_ms,
  ${msOf('updated_at')} AS updated_ms`);

/** Columns of a queue_printers row as `toPrinter` reads them (no alias: usable in RETURNING). */
export const PRINTER_COLUMNS = sql.raw(`serial, bed, ${msOf('bed_changed_at')} AS bed_changed_ms,
  waive_bed_check, tags, exclusion`);

export interface JobRow {
  [key: string]: unknown;
  id: string;
  library_file_id: string;
  file_name: string;
  plate: number;
  target: QueueTarget;
  filament_rule: FilamentRule;
  priority: number;
  position: number;
  not_before_ms: number | null;
  on_failure: OnFailure;
  options: PrintOptions;
  waiting: string | null;
  created_ms: number;
}

export interface CopyRow {
  [key: string]: unknown;
  id: string;
  job_id: string;
  copy_index: number;
  state: CopyState;
  printer_serial: string | null;
  instance_id: string | null;
  history_id: string | null;
  attempts: number;
  reason: string | null;
  dispatched_ms: number | null;
  started_ms: number | null;
  ended_ms: number | null;
  updated_ms: number;
}

export interface PrinterRow {
  [key: string]: unknown;
  serial: string;
  bed: BedState;
  bed_changed_ms: number | null;
  waive_bed_check: boolean;
  tags: string[];
  exclusion: string | null;
}

export interface LeaseDbRow {
  [key: string]: unknown;
  serial: string;
  instance_id: string;
  expires_ms: number;
  live: boolean;
}

const num = (v: number | null): number | null => (v === null ? null : Number(v));

export function toJob(row: JobRow, copies: QueueCopyRow[]): QueueJobRow {
  return {
    id: row.id,
    libraryFileId: row.library_file_id,
    fileName: row.file_name,
    plate: row.plate,
    copies: copies.length,
    target: row.target,
    filamentRule: row.filament_rule,
    priority: row.priority,
    notBefore: num(row.not_before_ms),
    onFailure: row.on_failure,
    options: row.options,
    position: Number(row.position),
    createdAt: Number(row.created_ms),
    waiting: row.waiting,
    copyRows: copies,
  };
}

export function toCopy(row: CopyRow): QueueCopyRow {
  return {
    id: row.id,
    jobId: row.job_id,
    index: row.copy_index,
    state: row.state,
    printerSerial: row.printer_serial,
    instanceId: row.instance_id,
    historyId: row.history_id,
    attempts: row.attempts,
    reason: row.reason,
    dispatchedAt: num(row.dispatched_ms),
    startedAt: num(row.started_ms),
    endedAt: num(row.ended_ms),
    updatedAt: Number(row.updated_ms),
  };
}

export function toPrinter(row: PrinterRow): QueuePrinterRow {
  return {
    serial: row.serial,
    bed: row.bed,
    bedChangedAt: num(row.bed_changed_ms),
    waiveBedCheck: row.waive_bed_check,
    tags: row.tags,
    exclusion: row.exclusion,
  };
}

export function toLease(row: LeaseDbRow): LeaseRow {
  return {
    serial: row.serial,
    instanceId: row.instance_id,
    expiresAt: Number(row.expires_ms),
    live: row.live,
  };
}
