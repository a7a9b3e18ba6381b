import { FarmFailure } from '../../shared/contract/result.ts';
import type { StoredPrinter } from './ports.ts';

/** Where a printer's access code is sent: every field that names the far end or how it is trusted. */
export type CodeDestination = Pick<
  StoredPrinter,
  'host' | 'port' | 'serial' | 'tls' | 'cameraPort' | 'ftpsPort'
>;

/** The destination a request asks for; an absent field keeps the saved one. */
export type DestinationChanges = { [K in keyof CodeDestination]?: CodeDestination[K] | undefined };

const LABELS: Record<keyof CodeDestination, string> = {
  host: 'address',
  port: 'MQTT port',
  serial: 'serial',
  tls: 'certificate check',
  cameraPort: 'camera port',
  ftpsPort: 'FTPS port',
};

/** The destination fields that differ between what the code was saved for and `next`. */
export function changedDestination(
  saved: CodeDestination,
  next: DestinationChanges,
): (keyof CodeDestination)[] {
  const changed: (keyof CodeDestination)[] = [];
  for (const key of Object.keys(LABELS) as (keyof CodeDestination)[]) {
    const value = next[key];
    if (value === undefined) continue;
    const same =
      key === 'tls'
        ? JSON.stringify(value) === JSON.stringify(saved.tls)
        : key === 'host' && typeof value === 'string'
          ? value.toLowerCase() === saved.host.toLowerCase()
          : value === saved[key];
    if (!same) changed.push(key);
  }
  return changed;
}

/**
 * A stored access code is only ever sent to the address it was saved for. Throws
 * `access-code-required` when `next` sends it elsewhere without a newly entered code: whoever holds
 * the UI (or a page that reached it) cannot point a saved code at a listener of theirs.
 */
export function assertCodeStaysHome(
  saved: CodeDestination,
  next: DestinationChanges,
  newCode: string | undefined,
): void {
  if (newCode !== undefined) return;
  const changed = changedDestination(saved, next);
  if (changed.length === 0) return;
  throw new FarmFailure(
    'access-code-required',
    `the printer's ${changed.map((k) => LABELS[k]).join(', ')} changed: enter its LAN access code again ` +
      '(a saved access code is only sent to the address it was saved for)',
  );
}
