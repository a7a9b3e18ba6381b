import type {
  CopyCounts,
  CopyState,
  FilamentRule,
  QueueJobView,
} from '../../../shared/contract/queue-schemas.ts';

/** The filament rules in words, with what each lets a printer do. */
export const FILAMENT_RULES: readonly { key: FilamentRule; label: string; hint: string }[] = [
  {
    key: 'exact-color',
    label: 'Exact colours',
    hint: 'Only printers with the sliced material in a close colour loaded.',
  },
  {
    key: 'same-material',
    label: 'Same material, any colour',
    hint: 'Any colour of the sliced material (PETG HF only on PETG HF).',
  },
  {
    key: 'ignore-color',
    label: 'Ignore colour',
    hint: 'Any colour of the same material family (PETG HF may run on PETG).',
  },
];

export const ruleLabel = (rule: FilamentRule): string =>
  FILAMENT_RULES.find((r) => r.key === rule)?.label ?? rule;

/** Badge words and tone of a copy's state. */
export const COPY_BADGE: Record<
  CopyState,
  { label: string; tone: 'ok' | 'busy' | 'warn' | 'error' | 'muted' }
> = {
  queued: { label: 'Queued', tone: 'muted' },
  dispatched: { label: 'Sending', tone: 'busy' },
  printing: { label: 'Printing', tone: 'busy' },
  done: { label: 'Done', tone: 'ok' },
  failed: { label: 'Failed', tone: 'error' },
  held: { label: 'Held', tone: 'warn' },
  cancelled: { label: 'Cancelled', tone: 'muted' },
};

/** Copies that still count towards the job (cancelled ones do not). */
export const wantedCopies = (c: CopyCounts): number =>
  c.queued + c.dispatched + c.printing + c.done + c.failed + c.held;

/** `2 of 5 done` then what is moving or stuck: `1 printing · 1 failed · 2 queued`. */
export function countsText(c: CopyCounts): string {
  const parts = [`${c.done} of ${wantedCopies(c)} done`];
  const printing = c.printing + c.dispatched;
  if (printing > 0) parts.push(`${printing} printing`);
  if (c.queued > 0) parts.push(`${c.queued} queued`);
  if (c.failed > 0) parts.push(`${c.failed} failed`);
  if (c.held > 0) parts.push(`${c.held} held`);
  if (c.cancelled > 0) parts.push(`${c.cancelled} cancelled`);
  return parts.join(' · ');
}

/** Done share of the wanted copies, 0–100. */
export function donePercent(c: CopyCounts): number {
  const wanted = wantedCopies(c);
  return wanted === 0 ? 0 : Math.round((c.done / wanted) * 100);
}

/** One word for the whole job, for its badge and `data-state`. */
export type JobPhase = 'printing' | 'waiting' | 'held' | 'finished' | 'cancelled';

export function jobPhase(job: QueueJobView): JobPhase {
  const c = job.counts;
  if (c.printing + c.dispatched > 0) return 'printing';
  if (c.queued > 0) return 'waiting';
  if (c.held > 0) return 'held';
  if (wantedCopies(c) === 0) return 'cancelled';
  return 'finished';
}

export const PHASE_BADGE: Record<
  JobPhase,
  { label: string; tone: 'ok' | 'busy' | 'warn' | 'error' | 'muted' }
> = {
  printing: { label: 'Printing', tone: 'busy' },
  waiting: { label: 'Queued', tone: 'muted' },
  held: { label: 'Held', tone: 'warn' },
  finished: { label: 'Finished', tone: 'ok' },
  cancelled: { label: 'Cancelled', tone: 'muted' },
};

/** Which actions make sense now (the engine still checks). */
export function jobActions(job: QueueJobView): {
  cancel: boolean;
  requeue: boolean;
  remove: boolean;
} {
  const c = job.counts;
  const active = c.dispatched + c.printing;
  return {
    cancel: c.queued + c.held > 0,
    requeue: c.failed + c.held > 0,
    remove: active === 0 && c.queued === 0 && c.held === 0,
  };
}

/** `not before 14:00` (with the day when not today); null when none or already passed. */
export function notBeforeText(notBefore: number | null, now = Date.now()): string | null {
  if (notBefore === null || notBefore <= now) return null;
  const d = new Date(notBefore);
  const sameDay = d.toDateString() === new Date(now).toDateString();
  const time = d.toLocaleString(undefined, {
    ...(sameDay ? {} : { day: 'numeric', month: 'short' }),
    hour: '2-digit',
    minute: '2-digit',
  });
  return `not before ${time}`;
}

/** `+5` / `0` / `-3`: the priority as shown. */
export const priorityText = (p: number): string => (p > 0 ? `+${p}` : String(p));

/** A `datetime-local` value (local time) of ms since epoch. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** ms since epoch of a `datetime-local` value; null when empty or not a date. */
export function fromLocalInput(value: string): number | null {
  if (value.trim() === '') return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : null;
}
