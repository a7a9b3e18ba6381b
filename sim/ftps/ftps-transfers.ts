import { createReadStream, createWriteStream } from 'node:fs';
import type { Socket } from 'node:net';

/** How a STOR ended: all bytes stored, card full, or the data connection broke. */
export type StoreOutcome = 'ok' | 'full' | 'broken';

/**
 * Writes what arrives on `data` to `diskPath`, stopping with `full` past `freeBytes`. On `full`
 * and `broken` the socket is only paused: the caller replies first and destroys it afterwards,
 * or the client would report a reset instead of the 552.
 */
export function receiveFile(
  data: Socket,
  diskPath: string,
  freeBytes: number,
): Promise<StoreOutcome> {
  return new Promise((resolve) => {
    const file = createWriteStream(diskPath);
    let received = 0;
    let settled = false;
    const finish = (o: StoreOutcome): void => {
      if (settled) return;
      settled = true;
      if (o === 'ok') {
        file.end(() => resolve(o));
        return;
      }
      data.pause();
      file.destroy();
      file.once('close', () => resolve(o));
    };
    data.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > freeBytes) return finish('full');
      if (!file.write(chunk)) {
        data.pause();
        file.once('drain', () => data.resume());
      }
    });
    data.once('end', () => finish('ok'));
    data.once('error', () => finish('broken'));
    data.once('close', () => finish('broken'));
    file.on('error', () => finish('broken'));
  });
}

/** Streams a file to `data`; true when the whole file went out. */
export function sendFile(data: Socket, diskPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const file = createReadStream(diskPath);
    file.on('error', () => resolve(false));
    data.on('error', () => resolve(false));
    data.once('close', () => resolve(true));
    file.pipe(data);
  });
}

/** Sends a listing and waits until the data connection is closed. */
export async function sendText(data: Socket, text: string): Promise<void> {
  const closed = new Promise<void>((r) => data.once('close', () => r()));
  data.end(text);
  await closed;
}
