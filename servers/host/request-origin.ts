// Refusals shared by the host's WebSocket upgrades (the Host/Origin rule itself is servers/common/request-gate.ts).
import type { Duplex } from 'node:stream';

/** Refuses a WebSocket upgrade with a bare HTTP status. */
export function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
