import { Duplex, PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PacketGuard } from './packet-guard.ts';

function lengthBytes(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

const packet = (type: number, body: Buffer) =>
  Buffer.concat([Buffer.from([type << 4, ...lengthBytes(body.length)]), body]);

/** Feeds `bytes` in pieces of `step` and collects what the guard passes on. */
async function through(bytes: Buffer, step: number, maxPacketBytes: number) {
  const socket = new PassThrough();
  const skipped: number[] = [];
  const guard = new PacketGuard(socket, { maxPacketBytes, onSkip: (n) => skipped.push(n) });
  const out: Buffer[] = [];
  guard.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise<Error | null>((resolve) => {
    guard.once('end', () => resolve(null));
    guard.once('error', resolve);
  });
  for (let i = 0; i < bytes.length; i += step) socket.write(bytes.subarray(i, i + step));
  socket.end();
  const error = await ended;
  return { out: Buffer.concat(out), skipped, error, stats: guard.stats };
}

describe('PacketGuard', () => {
  const small = packet(3, Buffer.from('\u0000\u0001t{"a":1}'));
  const ping = packet(13, Buffer.alloc(0));
  const big = packet(3, Buffer.alloc(300_000, 0x78));

  it.each([1, 2, 7, 4096])('skips an oversized PUBLISH fed %i bytes at a time', async (step) => {
    const r = await through(Buffer.concat([small, big, ping, small]), step, 1000);
    expect(r.error).toBeNull();
    expect(r.out.equals(Buffer.concat([small, ping, small]))).toBe(true);
    expect(r.skipped).toEqual([300_000]);
    expect(r.stats.skippedPackets).toBe(1);
    expect(r.stats.skippedBytes).toBe(big.length);
    expect(r.stats.largestForwarded).toBe(small.length);
  });

  it('ends the connection on another packet over the cap', async () => {
    const r = await through(packet(9, Buffer.alloc(5000)), 100, 1000);
    expect(r.error?.message).toMatch(/5000-byte MQTT packet \(type 9\)/);
  });

  it('ends the connection on a malformed remaining length', async () => {
    const r = await through(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x7f]), 1, 1000);
    expect(r.error?.message).toMatch(/malformed MQTT packet length/);
  });

  it('passes writes through to the socket', async () => {
    const written: Buffer[] = [];
    const socket = new Duplex({
      read: () => undefined,
      write: (c: Buffer, _e, done) => {
        written.push(c);
        done();
      },
    });
    const guard = new PacketGuard(socket, { maxPacketBytes: 10 });
    await new Promise<void>((resolve) => guard.write(Buffer.from('hello'), () => resolve()));
    expect(Buffer.concat(written).toString()).toBe('hello');
  });
});
