import type { PrinterView } from '../../shared/contract/farm-schemas.ts';

/** What the tray (and a window title) sums up. */
export interface FarmCounts {
  /** Preparing or printing. */
  printing: number;
  /** Needs a person: paused, failed, an HMS error that is not info, offline, or access code rejected. */
  attention: number;
  total: number;
}

/** Counts printers printing and printers needing attention (a printer counts once, in one of them). */
export function farmCounts(views: readonly PrinterView[]): FarmCounts {
  let printing = 0;
  let attention = 0;
  for (const v of views) {
    const connected = v.connection.status === 'online' || v.via === 'cloud';
    const status = connected ? (v.state?.status ?? 'unknown') : 'offline';
    const hmsError = (v.state?.hms ?? []).some((h) => h.severity !== 'info');
    if (
      !connected ||
      status === 'paused' ||
      status === 'failed' ||
      status === 'offline' ||
      hmsError
    ) {
      attention += 1;
    } else if (status === 'printing' || status === 'preparing') {
      printing += 1;
    }
  }
  return { printing, attention, total: views.length };
}

/** "3 printing · 1 needs attention" (the tray's tooltip). */
export function countsText(c: FarmCounts): string {
  const parts = [`${c.printing} printing`];
  if (c.attention > 0) parts.push(`${c.attention} need${c.attention === 1 ? 's' : ''} attention`);
  return parts.join(' · ');
}
