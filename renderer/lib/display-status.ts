import type {
  OfflineReason,
  PrinterView,
  ReportDrops,
} from '../../shared/contract/farm-schemas.ts';

/** What a card's badge says: the job status when connected, else the connection problem. */
export type DisplayStatus =
  | 'printing'
  | 'preparing'
  | 'paused'
  | 'failed'
  | 'finished'
  | 'idle'
  | 'unknown'
  | 'connecting'
  | 'offline'
  | 'auth-failed'
  | 'tls-untrusted';

/** Colour family of a status, used by CSS classes `tone-<tone>`. */
export type Tone = 'ok' | 'busy' | 'warn' | 'error' | 'muted';

const INFO: Record<DisplayStatus, { label: string; tone: Tone }> = {
  printing: { label: 'Printing', tone: 'busy' },
  preparing: { label: 'Preparing', tone: 'busy' },
  paused: { label: 'Paused', tone: 'warn' },
  failed: { label: 'Failed', tone: 'error' },
  finished: { label: 'Finished', tone: 'ok' },
  idle: { label: 'Idle', tone: 'ok' },
  unknown: { label: 'Unknown', tone: 'muted' },
  connecting: { label: 'Connecting', tone: 'muted' },
  offline: { label: 'Offline', tone: 'muted' },
  'auth-failed': { label: 'Access code rejected', tone: 'error' },
  'tls-untrusted': { label: 'Certificate not trusted', tone: 'error' },
};

export function displayStatus(view: PrinterView): DisplayStatus {
  const { status } = view.connection;
  if (status !== 'online') return status;
  const s = view.state?.status ?? 'unknown';
  return s === 'offline' ? 'offline' : s;
}

export function statusLabel(status: DisplayStatus): string {
  return INFO[status].label;
}

export function statusTone(status: DisplayStatus): Tone {
  return INFO[status].tone;
}

/** True when the printer needs a person: failed job, connection problem, or a serious HMS entry. */
export function needsAttention(view: PrinterView): boolean {
  const s = displayStatus(view);
  if (s === 'failed' || s === 'auth-failed' || s === 'tls-untrusted') return true;
  return (view.state?.hms ?? []).some((h) => h.severity === 'fatal' || h.severity === 'serious');
}

const REASONS: Record<OfflineReason, string> = {
  silent: 'connected but silent',
  'login-refused': 'access code refused',
  tls: 'TLS / certificate failed',
  'wrong-serial': 'another printer answered',
  network: 'not reachable',
  stopped: 'session stopped',
};

/** Why the printer is not online, in a few words; null when online or unknown. */
export function offlineReasonText(view: PrinterView): string | null {
  const { status, reason } = view.connection;
  if (status === 'online' || status === 'connecting' || reason === undefined) return null;
  return REASONS[reason];
}

const DROP_WORDS: Record<keyof ReportDrops, string> = {
  oversized: 'oversized',
  malformed: 'malformed',
  'too-many-keys': 'too many keys',
  'too-large': 'state too large',
};

/** `2 malformed, 1 oversized`; null when nothing was dropped. */
export function reportDropsText(drops: ReportDrops | undefined): string | null {
  if (!drops) return null;
  const parts = (Object.keys(DROP_WORDS) as (keyof ReportDrops)[])
    .filter((k) => drops[k] > 0)
    .map((k) => `${drops[k]} ${DROP_WORDS[k]}`);
  return parts.length > 0 ? parts.join(', ') : null;
}
