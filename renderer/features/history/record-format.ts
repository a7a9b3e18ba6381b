import { formatMinutes } from '../../lib/format.ts';
import type { JobFilament, JobRecord, JobResult } from './record-types.ts';

/** Words and badge tone of a job's result (null: still printing). */
export function resultBadge(result: JobResult | null): {
  label: string;
  tone: 'ok' | 'error' | 'warn' | 'busy';
} {
  if (result === 'finished') return { label: 'Finished', tone: 'ok' };
  if (result === 'failed') return { label: 'Failed', tone: 'error' };
  if (result === 'cancelled') return { label: 'Cancelled', tone: 'warn' };
  return { label: 'Printing', tone: 'busy' };
}

/** `2h 05m` from seconds; '–' when unknown. */
export const formatDuration = (seconds: number | null): string =>
  seconds === null ? '–' : formatMinutes(seconds / 60);

/** `5 Dec 14:02` (with the year when not this year). */
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

/** Total grams of a job, null when no filament's weight is known. */
export function totalGrams(filaments: readonly JobFilament[]): number | null {
  const known = filaments.filter((f) => f.grams !== null);
  return known.length === 0 ? null : known.reduce((sum, f) => sum + (f.grams ?? 0), 0);
}

/** `12.4 g`, `1.25 kg`; 'unknown' when not known. */
export function formatGrams(grams: number | null): string {
  if (grams === null || !Number.isFinite(grams)) return 'unknown';
  return grams >= 1000 ? `${(grams / 1000).toFixed(2)} kg` : `${grams.toFixed(1)} g`;
}

/** The name a record shows: its file, else its job name. */
export const recordTitle = (r: JobRecord): string => r.fileName ?? r.jobName ?? 'Unnamed job';
