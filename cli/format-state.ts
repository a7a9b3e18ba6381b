import type { LinkError, LinkStatus } from '../core/mqtt/printer-link.ts';
import type { PrinterState, Temperature } from '../shared/printer-state.ts';

/** `HH:MM:SS` in local time. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
}

/** Minutes as `45m`, `1h05m`, `2d03h`. */
export function formatMinutes(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m}m`;
  if (m < 24 * 60) return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
  const hours = Math.floor(m / 60);
  return `${Math.floor(hours / 24)}d${String(hours % 24).padStart(2, '0')}h`;
}

/** `215/220°C` (current/target), `26°C` without a target, `?` when unknown. */
export function formatTemperature(t: Temperature): string {
  const current = t.temp === null ? '?' : String(Math.round(t.temp));
  return t.target === null ? `${current}°C` : `${current}/${Math.round(t.target)}°C`;
}

/**
 * One readable line for a state update, e.g.
 * `14:02:11 X1C printing 45% layer 120/480 1h23m left | nozzle 220/220°C bed 60/60°C chamber 35°C | "Benchy" | HMS 1: ...`
 */
export function formatStateLine(s: PrinterState): string {
  const head = [formatClock(s.updatedAt)];
  if (s.model !== null) head.push(s.model);
  head.push(s.online ? s.status : 'offline');
  if (s.stage !== null) head.push(`(${s.stage})`);
  if (s.progress !== null) head.push(`${Math.round(s.progress)}%`);
  if (s.layer !== null && s.totalLayers !== null && s.totalLayers > 0) {
    head.push(`layer ${s.layer}/${s.totalLayers}`);
  }
  if (s.remainingMinutes !== null && s.remainingMinutes > 0) {
    head.push(`${formatMinutes(s.remainingMinutes)} left`);
  }

  const temps: string[] = [];
  if (s.nozzles.length === 1 && s.nozzles[0])
    temps.push(`nozzle ${formatTemperature(s.nozzles[0])}`);
  else if (s.nozzles.length > 1)
    temps.push(`nozzles ${s.nozzles.map(formatTemperature).join(' ')}`);
  temps.push(`bed ${formatTemperature(s.bed)}`);
  if (s.chamber !== null) temps.push(`chamber ${formatTemperature(s.chamber)}`);

  const parts = [head.join(' '), temps.join(' ')];
  if (s.jobName !== null && s.jobName !== '') parts.push(JSON.stringify(s.jobName));
  const first = s.hms[0];
  if (first) parts.push(`HMS ${s.hms.length}: ${first.message}`);
  if (s.printError !== null) parts.push(`error ${s.printError.code}: ${s.printError.message}`);
  return parts.join(' | ');
}

/** One readable line for a connection change, e.g. `14:02:10 link offline: printer unreachable (retrying)`. */
export function formatStatusLine(
  status: LinkStatus,
  error: Pick<LinkError, 'message'> | null,
  now: number,
): string {
  const clock = formatClock(now);
  const detail = error ? `: ${error.message}` : '';
  const retry = status === 'offline' ? ' (retrying)' : '';
  return `${clock} link ${status}${detail}${retry}`;
}
