import { describe, expect, it } from 'vitest';
import { codecFromInit, mimeFromInit } from './mp4-codec.ts';

function box(type: string, body: number[]): number[] {
  const size = 8 + body.length;
  return [
    size >>> 24,
    (size >>> 16) & 255,
    (size >>> 8) & 255,
    size & 255,
    ...[...type].map((c) => c.charCodeAt(0)),
    ...body,
  ];
}

describe('codecFromInit', () => {
  it('reads profile, constraints and level from the avcC box', () => {
    // High profile (0x64), no constraints, level 3.1 (0x1f), nested as in a real stsd entry.
    const avcC = box('avcC', [1, 0x64, 0x00, 0x1f, 0xff, 0xe1, 0, 0]);
    const init = new Uint8Array([
      ...box('ftyp', [0x69, 0x73, 0x6f, 0x6d]),
      ...box('moov', box('avc1', [0, 0, 0, 0, ...avcC])),
    ]);
    expect(codecFromInit(init)).toBe('avc1.64001F');
    expect(mimeFromInit(init)).toBe('video/mp4; codecs="avc1.64001F"');
  });

  it('is null without an H.264 track or with a damaged avcC', () => {
    expect(codecFromInit(new Uint8Array(box('moov', box('mp4a', [0, 1, 2, 3]))))).toBeNull();
    expect(codecFromInit(new Uint8Array(box('avcC', [0, 0x42, 0, 0x1e])))).toBeNull();
    expect(codecFromInit(new Uint8Array([0x61, 0x76, 0x63, 0x43]))).toBeNull();
  });
});
