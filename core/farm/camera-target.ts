import type { CameraTarget } from '../camera/camera-source.ts';
import type { PrinterState } from '../../shared/printer-state.ts';
import type { CameraTargetLookup } from './camera-farm.ts';
import type { SecretStore, StoredPrinter } from './ports.ts';
import { linkTlsOf } from './tls-options.ts';

/**
 * A printer's camera as the hub reaches it: the printer's host and TLS trust, its model from the
 * report (else the serial prefix), the reported RTSP URL, and the camera port override (virtual
 * printers; default 6000 or 322 by kind).
 */
export function cameraTargetOf(
  printer: StoredPrinter,
  state: PrinterState | null,
  accessCode: string,
): CameraTarget {
  const tls = linkTlsOf(printer.tls);
  return {
    host: printer.host,
    serial: printer.serial,
    accessCode,
    model: state?.model ?? null,
    ...(state?.rtspUrl ? { reportedRtspUrl: state.rtspUrl } : {}),
    ...(printer.cameraPort === undefined ? {} : { port: printer.cameraPort }),
    ...(tls ? { tls } : {}),
  };
}

/** What decides which upstream a camera needs: everything but the secret (a new code re-adds it). */
export function cameraTargetKey(target: CameraTarget): string {
  return JSON.stringify({ ...target, accessCode: undefined });
}

/**
 * The engine's lookup: a printer's camera target from its live session (settings and latest state)
 * and its stored access code; null for an unknown printer or one without a code.
 */
export function cameraLookupFor(
  sessions: ReadonlyMap<string, { config: StoredPrinter; view(): { state: PrinterState | null } }>,
  secrets: () => SecretStore,
): CameraTargetLookup {
  return async (id) => {
    const session = sessions.get(id);
    const code = session ? await secrets().get(id) : null;
    return session && code !== null
      ? cameraTargetOf(session.config, session.view().state, code)
      : null;
  };
}
