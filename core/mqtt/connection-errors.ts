/** Turns connection failures (socket, TLS, CONNACK) into LinkErrors a person can act on. */
import { classifyNetError, type NetFailure } from '../util/net-error.ts';
import { LinkError } from './link-error.ts';
import { endpointOf } from './connection-options.ts';
import type { LinkTarget } from './connection-options.ts';

function codeOf(err: unknown): string | number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' || typeof code === 'number' ? code : undefined;
}

/** CN of the certificate attached to Node's hostname-mismatch error, if any. */
function certCommonName(err: unknown): string | undefined {
  const cert = (err as { cert?: { subject?: { CN?: unknown } } }).cert;
  const cn = cert?.subject?.CN;
  return typeof cn === 'string' ? cn : undefined;
}

/** The printer said the credentials are wrong: CONNACK 4 / 5 (v5 numbering 134 / 135). */
export function isAuthRefusal(err: unknown): boolean {
  const code = codeOf(err);
  return code === 4 || code === 5 || code === 134 || code === 135;
}

/** Classifies an error from a connection attempt. Never includes the password. */
export function connectionError(target: LinkTarget, err: unknown): LinkError {
  const serial = target.serial;
  const { host, port } = endpointOf(target);
  const where = `${host}:${port}`;
  const code = codeOf(err);
  const detail = typeof code === 'string' ? code : err instanceof Error ? err.message : 'error';
  if (isAuthRefusal(err)) {
    const message =
      target.kind === 'local'
        ? `access code rejected by printer ${serial}: check the LAN access code on the ` +
          `printer's screen (Settings > LAN only)`
        : `Bambu cloud broker rejected user u_${target.uid} for printer ${serial}: the access ` +
          `token may have expired, sign in again`;
    return new LinkError('auth-failed', message, { serial, cause: err, reason: 'auth-failed' });
  }
  const reason: NetFailure = classifyNetError(err) ?? 'connection-lost';
  if (reason === 'wrong-serial') {
    const cn = certCommonName(err);
    return new LinkError(
      'wrong-serial',
      `the printer at ${where} is not ${serial}` +
        (cn === undefined ? '' : ` (its certificate names ${cn})`) +
        `: check the serial number, or the IP address if printers changed addresses`,
      { serial, cause: err, reason },
    );
  }
  if (reason === 'tls-untrusted' || reason === 'handshake') {
    return new LinkError(
      'tls-untrusted',
      `the certificate of printer ${serial} at ${where} is not trusted (${detail}): pass the ` +
        `printer's CA certificate (tls.ca, --ca <file>) or use --insecure to skip verification`,
      { serial, cause: err, reason },
    );
  }
  if (err instanceof Error && /connack timeout/i.test(err.message)) {
    return new LinkError('unreachable', unreachableMessage(target, 'no MQTT answer in time'), {
      serial,
      cause: err,
      reason: 'timeout',
    });
  }
  return new LinkError('unreachable', unreachableMessage(target, detail), {
    serial,
    cause: err,
    reason,
  });
}

/** The message for a printer or broker that could not be reached. */
export function unreachableMessage(target: LinkTarget, detail: string): string {
  const { host, port } = endpointOf(target);
  if (target.kind === 'cloud') {
    return `cannot reach the Bambu cloud broker ${host}:${port} (${detail}): check the internet connection`;
  }
  return (
    `cannot reach printer ${target.serial} at ${host}:${port} (${detail}): check that it is on, ` +
    `the IP address is right and LAN access is enabled`
  );
}
