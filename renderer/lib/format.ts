import type { Temperature } from '../../shared/printer-state.ts';

/** `2h 05m`, `45m`, `<1m`; '–' when unknown. */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes) || minutes < 0)
    return '–';
  if (minutes < 1) return '<1m';
  const m = Math.round(minutes);
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return h === 0 ? `${rest}m` : `${h}h ${String(rest).padStart(2, '0')}m`;
}

/** Wall-clock time `minutes` from `now` (ms since epoch), `14:05`, with the weekday when not today. */
export function finishClock(minutes: number | null | undefined, now: number): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes) || minutes < 0)
    return '–';
  const end = new Date(now + minutes * 60_000);
  const time = end.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const sameDay = new Date(now).toDateString() === end.toDateString();
  return sameDay ? time : `${end.toLocaleDateString(undefined, { weekday: 'short' })} ${time}`;
}

/** `215°` or `215/220°` when heating toward a target; '–' when unknown. */
export function formatTemp(t: Temperature | null | undefined): string {
  if (!t || t.temp === null) return '–';
  const now = Math.round(t.temp);
  return t.target !== null && t.target > 0 ? `${now}/${Math.round(t.target)}°` : `${now}°`;
}

/** `45%`; '–' when unknown. */
export function formatPercent(p: number | null | undefined): string {
  return p === null || p === undefined || !Number.isFinite(p) ? '–' : `${Math.round(p)}%`;
}

/** `since 14:02` or `for 3h 10m` style text of how long a status has lasted. */
export function sinceText(since: number, now: number): string {
  const minutes = (now - since) / 60_000;
  if (minutes < 1) return 'just now';
  return `for ${formatMinutes(minutes)}`;
}

/** Text colour (black or white) readable on a `#RRGGBB` swatch. */
export function contrastText(hex: string | null): string {
  if (!hex || !/^#[0-9a-f]{6}$/i.test(hex)) return '#000';
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [
    number,
    number,
    number,
  ];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.55 ? '#000' : '#fff';
}

export const SPEED_LEVELS: readonly { level: 1 | 2 | 3 | 4; label: string }[] = [
  { level: 1, label: 'Silent' },
  { level: 2, label: 'Standard' },
  { level: 3, label: 'Sport' },
  { level: 4, label: 'Ludicrous' },
];
