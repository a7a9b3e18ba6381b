import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { H264Clip } from './h264-clip.ts';

const MAX_RTP_PAYLOAD = 1400;

/** Sends the clip in a loop as interleaved RTP on channel 0; returns a stop function. */
export function streamClip(socket: Socket, clip: H264Clip): () => void {
  const ssrc = randomBytes(4).readUInt32BE(0);
  let seq = randomBytes(2).readUInt16BE(0);
  let index = 0;
  let timestamp = randomBytes(4).readUInt32BE(0);
  const step = Math.round(90_000 / clip.fps);
  const send = (payload: Buffer, marker: boolean): void => {
    const packet = Buffer.alloc(16 + payload.length);
    packet[0] = 0x24;
    packet[1] = 0;
    packet.writeUInt16BE(12 + payload.length, 2);
    packet[4] = 0x80;
    packet[5] = (marker ? 0x80 : 0) | 96;
    packet.writeUInt16BE(seq, 6);
    packet.writeUInt32BE(timestamp >>> 0, 8);
    packet.writeUInt32BE(ssrc, 12);
    payload.copy(packet, 16);
    seq = (seq + 1) & 0xffff;
    socket.write(packet);
  };
  const tick = (): void => {
    // Skip pictures for a client that does not keep up, instead of buffering without end.
    if (socket.writableLength > 4 * 1024 * 1024) return;
    const unit = clip.units[index % clip.units.length] ?? [];
    index += 1;
    unit.forEach((nal, n) => {
      const last = n === unit.length - 1;
      if (nal.length <= MAX_RTP_PAYLOAD) return send(nal, last);
      const indicator = ((nal[0] ?? 0) & 0xe0) | 28;
      const type = (nal[0] ?? 0) & 0x1f;
      for (let at = 1; at < nal.length; at += MAX_RTP_PAYLOAD) {
        const end = Math.min(nal.length, at + MAX_RTP_PAYLOAD);
        const fuHeader = (at === 1 ? 0x80 : 0) | (end === nal.length ? 0x40 : 0) | type;
        send(
          Buffer.concat([Buffer.from([indicator, fuHeader]), nal.subarray(at, end)]),
          last && end === nal.length,
        );
      }
    });
    timestamp += step;
  };
  tick();
  const timer = setInterval(tick, Math.round(1000 / clip.fps));
  return () => clearInterval(timer);
}
