import type {
  PrinterQueueInfo,
  QueueController,
} from '../../shared/contract/printer-queue-schema.ts';
import {
  COPY_STATES,
  type CopyCounts,
  type QueueJobView,
  type QueueView,
} from '../../shared/contract/queue-schemas.ts';
import type { QueueJobRow, QueuePrinterRow } from './queue-port.ts';

/** `queue:get` when the farm has no queue (no database, or one without the queue's tables). */
export function unavailableView(reason: string): QueueView {
  return { available: false, reason, paused: false, jobs: [], controlled: 0 };
}

/** One job as the UI shows it; printer names are this instance's names, by serial. */
export function jobView(job: QueueJobRow, names: ReadonlyMap<string, string>): QueueJobView {
  const counts = Object.fromEntries(COPY_STATES.map((s) => [s, 0])) as CopyCounts;
  for (const c of job.copyRows) counts[c.state] += 1;
  return {
    jobId: job.id,
    libraryFileId: job.libraryFileId,
    fileName: job.fileName,
    plate: job.plate,
    target: job.target,
    filamentRule: job.filamentRule,
    priority: job.priority,
    notBefore: job.notBefore,
    onFailure: job.onFailure,
    options: job.options,
    createdAt: job.createdAt,
    counts,
    copies: job.copyRows.map((c) => ({
      copyId: c.id,
      index: c.index,
      state: c.state,
      printerSerial: c.printerSerial,
      printerName: c.printerSerial === null ? null : (names.get(c.printerSerial) ?? null),
      historyId: c.historyId,
      attempts: c.attempts,
      reason: c.reason,
      updatedAt: c.updatedAt,
    })),
    waiting: counts.queued > 0 ? job.waiting : null,
  };
}

export function queueView(
  jobs: readonly QueueJobRow[],
  paused: boolean,
  controlled: number,
  names: ReadonlyMap<string, string>,
): QueueView {
  return {
    available: true,
    reason: null,
    paused,
    jobs: jobs.map((j) => jobView(j, names)),
    controlled,
  };
}

/** A printer's queue info for its card; a printer the database never saw has an `unknown` bed. */
export function printerQueueInfo(
  row: QueuePrinterRow | undefined,
  controller: QueueController,
): PrinterQueueInfo {
  return {
    bed: row?.bed ?? 'unknown',
    bedChangedAt: row?.bedChangedAt ?? null,
    waiveBedCheck: row?.waiveBedCheck ?? false,
    tags: row?.tags ? [...row.tags] : [],
    exclusion: row?.exclusion ?? null,
    controller,
  };
}

export function sameInfo(a: PrinterQueueInfo | undefined, b: PrinterQueueInfo): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
