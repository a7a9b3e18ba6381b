import type { HistoryRecord, JobResult } from '../../../shared/contract/records-schemas.ts';
import { formatMinutes } from '../../lib/format.ts';

/** Words and badge tone of a job's result. */
export function resultBadge(result: JobResult): {
  label: string;
  tone: 'ok' | 'error' | 'warn' | 'busy' | 'muted';
} {
  switch (result) {
    case 'finished':
      return { label: 'Finished', tone: 'ok' };
    case 'failed':
      return { label: 'Failed', tone: 'error' };
    case 'cancelled':
      return { label: 'Cancelled', tone: 'warn' };
    case 'running':
      return { label: 'Printing', tone: 'busy' };
    case 'unknown':
      return { label: 'Unknown', tone: 'muted' };
  }
}

/** `2h 05m` from seconds; '–' when unknown. */
export const formatDuration = (seconds: number | null): string =>
  seconds === null ? '–' : formatMinutes(seconds / 60);

/** `5 Dec, 14:02` (with the year when not this year). */
export function formatWhen(t: number, now = Date.now()): string {
  const d = new Date(t);
  const sameYear = d.getFullYear() === new Date(now).getFullYear();
  return d.toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** `12.4 g`, `1.25 kg`; 'unknown' when not known. */
export function formatGrams(grams: number | null | undefined): string {
  if (grams === null || grams === undefined || !Number.isFinite(grams)) return 'unknown';
  return grams >= 1000 ? `${(grams / 1000).toFixed(2)} kg` : `${grams.toFixed(1)} g`;
}

/** The name a record shows: its file, else its job name. */
export const recordTitle = (r: HistoryRecord): string => r.fileName || r.jobName || 'Unnamed job';

/** Where a record's grams come from, for the filament cell's tooltip. */
export const FILAMENT_SOURCE_TEXT = {
  file: 'from the sliced file',
  printer: "the printer's figures",
  unknown: 'not reported',
} as const;
