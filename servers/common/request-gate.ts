/**
 * The one Host and Origin rule of every HTTP server of ours (browser host with its sockets and upload
 * route, compatibility server, API proxy). On a loopback address a web page must not reach us by DNS
 * rebinding (a name of its own that resolves to 127.0.0.1), so Host must be exactly a loopback name
 * with our port; and a page of another origin must not drive us, so Origin, when sent, must be ours.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** The names a loopback server answers to in the Host header (with its port). */
export const LOOPBACK_HOST_NAMES: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * True for bind addresses only this machine can reach: `localhost`, `::1` and IPv4 literals in
 * 127.0.0.0/8. Names that merely start with `127.` (`127.0.0.1.evil.example`) are not loopback.
 */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '[::1]') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** Where a server listens: the Host rule applies only to loopback binds. */
export interface GateBinding {
  /** The address bound (as given to listen). */
  bindHost: string;
  /** The port actually bound. */
  port: number;
}

/** Why a request was refused: the HTTP status to answer and a line for the person. */
export interface GateRefusal {
  status: 421 | 403;
  message: string;
}

/**
 * True when the Host header names this loopback server exactly: one of {@link LOOPBACK_HOST_NAMES}
 * (or the bound literal) with our port; the port may be left out only on port 80. Names compare
 * without case (RFC 3986), but nothing more is tolerated: no suffix, no other 127.x address, no other
 * spelling of ::1.
 */
export function loopbackHostMatches(header: string | undefined, binding: GateBinding): boolean {
  if (header === undefined) return false;
  const value = header.toLowerCase();
  const names = new Set(LOOPBACK_HOST_NAMES);
  const bound = binding.bindHost.toLowerCase();
  names.add(bound.includes(':') && !bound.startsWith('[') ? `[${bound}]` : bound);
  for (const name of names) {
    if (value === `${name}:${binding.port}`) return true;
    if (binding.port === 80 && value === name) return true;
  }
  return false;
}

/**
 * True when the request has no Origin (non-browser clients) or its Origin is the request's own Host
 * (`http://`, or `https://` behind a TLS front): another site open in the same browser cannot drive us.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  if (host === undefined) return false;
  const o = origin.toLowerCase();
  const h = host.toLowerCase();
  return o === `http://${h}` || o === `https://${h}`;
}

/**
 * The check every request and upgrade of our servers passes first. Null when allowed, else the
 * refusal to send (421 for a Host that is not ours, 403 for a foreign Origin).
 */
export function gateRequest(req: IncomingMessage, binding: GateBinding): GateRefusal | null {
  if (isLoopback(binding.bindHost) && !loopbackHostMatches(req.headers.host, binding)) {
    return {
      status: 421,
      message: `open this server through http://127.0.0.1:${binding.port} or http://localhost:${binding.port}`,
    };
  }
  if (!sameOrigin(req)) {
    return { status: 403, message: 'requests from another web origin are refused' };
  }
  return null;
}
