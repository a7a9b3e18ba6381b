/**
 * One classification of network and TLS failures for every connection to a printer (MQTT, FTPS,
 * cameras), so the three clients agree on what went wrong. Each client keeps its own error class
 * and message, but takes its code and its advice from here.
 *
 * - `refused`: nothing listens on the port (`ECONNREFUSED`): service off, LAN mode off, wrong port.
 * - `unreachable`: no route to the host (`EHOSTUNREACH`, `ENETUNREACH`, `EHOSTDOWN`).
 * - `timeout`: the host never answered the connection (`ETIMEDOUT`, a connect timeout).
 * - `dns`: the host name does not resolve (`ENOTFOUND`, `EAI_AGAIN`).
 * - `connection-lost`: an open connection broke (`ECONNRESET`, `EPIPE`, `socket hang up`).
 * - `wrong-serial`: the certificate is valid but names another serial (another printer answered).
 * - `tls-untrusted`: the certificate does not chain to a trusted CA, or has expired.
 * - `handshake`: TLS itself failed (protocol version, cipher, a plain-text server on a TLS port).
 * - `auth-failed`: the printer refused the access code; each protocol detects this itself (MQTT
 *   CONNACK 4/5, FTP 530, camera login) and uses this name.
 */
export type NetFailure =
  | 'refused'
  | 'unreachable'
  | 'timeout'
  | 'dns'
  | 'connection-lost'
  | 'wrong-serial'
  | 'tls-untrusted'
  | 'handshake'
  | 'auth-failed';

/** The error code the printer clients (LinkError, FtpsError, CameraError) use for a failure. */
export type NetErrorCode = 'unreachable' | 'tls-untrusted' | 'wrong-serial' | 'auth-failed';

const BY_CODE: Readonly<Record<string, NetFailure>> = {
  ECONNREFUSED: 'refused',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EHOSTDOWN: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
  ETIMEDOUT: 'timeout',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  ECONNRESET: 'connection-lost',
  EPIPE: 'connection-lost',
  ECONNABORTED: 'connection-lost',
  ERR_SOCKET_CLOSED: 'connection-lost',
  // Our serial check (core/util/printer-tls.ts) and Node's host check both use this code.
  ERR_TLS_CERT_ALTNAME_INVALID: 'wrong-serial',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls-untrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'tls-untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls-untrusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls-untrusted',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls-untrusted',
  CERT_SIGNATURE_FAILURE: 'tls-untrusted',
  CERT_UNTRUSTED: 'tls-untrusted',
  CERT_REJECTED: 'tls-untrusted',
  CERT_HAS_EXPIRED: 'tls-untrusted',
  CERT_NOT_YET_VALID: 'tls-untrusted',
  INVALID_CA: 'tls-untrusted',
  ERR_TLS_HANDSHAKE_TIMEOUT: 'handshake',
};

/** `code` of an error object, when it is a string. */
function stringCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The class of a socket or TLS error from Node, or null when it is none of them (a protocol
 * error, a bug). Protocol-level refusals (`auth-failed`) are the caller's to detect.
 */
export function classifyNetError(err: unknown): NetFailure | null {
  const code = stringCode(err);
  if (code !== undefined) {
    const known = BY_CODE[code];
    if (known) return known;
    if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return 'handshake';
  }
  const message = err instanceof Error ? err.message : '';
  if (/socket hang up|closed connection|FIN packet|ECONNRESET/i.test(message)) {
    return 'connection-lost';
  }
  return null;
}

/** The client error code for a failure: the connection-level ones all read `unreachable`. */
export function netErrorCode(failure: NetFailure): NetErrorCode {
  switch (failure) {
    case 'wrong-serial':
    case 'auth-failed':
      return failure;
    case 'tls-untrusted':
    case 'handshake':
      return 'tls-untrusted';
    case 'refused':
    case 'unreachable':
    case 'timeout':
    case 'dns':
    case 'connection-lost':
      return 'unreachable';
  }
}

/** What happened and what to do, for messages: "<where>: <netFailureAdvice>". */
export function netFailureAdvice(failure: NetFailure, port: number): string {
  switch (failure) {
    case 'refused':
      return `the connection was refused on port ${port}: check that the printer is on, LAN access is enabled and the port is right`;
    case 'unreachable':
      return 'no route to the printer: check the IP address and that this computer is on the same network';
    case 'timeout':
      return `no answer on port ${port}: check the IP address, that the printer is on, and that no firewall blocks the port`;
    case 'dns':
      return 'the host name does not resolve: check its spelling, or use the IP address';
    case 'connection-lost':
      return 'the connection was lost: check the network (Wi-Fi signal) and retry';
    case 'wrong-serial':
      return 'another printer answered (its certificate names another serial): check the serial number, or the IP address if printers changed addresses';
    case 'tls-untrusted':
      return "the printer's certificate is not trusted: use Bambu's CA (default) or the printer's own CA (--ca), or skip verification only on a network you trust";
    case 'handshake':
      return 'the TLS handshake failed: check that the address and port belong to a Bambu printer (TLS 1.2)';
    case 'auth-failed':
      return "the access code was refused: check the LAN access code on the printer's screen";
  }
}
