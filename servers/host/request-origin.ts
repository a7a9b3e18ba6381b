// Checks shared by the host's HTTP routes and WebSocket upgrades.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Browsers send Origin on WebSocket upgrades and on POSTs from script; when present it must name
 * this host, so another site open in the same browser cannot drive the farm. Non-browser clients
 * send none.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Refuses a WebSocket upgrade with a bare HTTP status. */
export function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
