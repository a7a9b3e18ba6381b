import { describe, expect, it } from 'vitest';
import { Mp4BoxSplitter } from './mp4-box-splitter.ts';

function box(type: string, payload = 4): Buffer {
  const b = Buffer.alloc(8 + payload, 0x07);
  b.writeUInt32BE(8 + payload, 0);
  b.write(type, 4, 'latin1');
  return b;
}

describe('Mp4BoxSplitter', () => {
  it('splits ffmpeg fMP4 output into an init segment and fragments, across chunk boundaries', () => {
    const init = Buffer.concat([box('ftyp'), box('moov', 40)]);
    const frag1 = Buffer.concat([box('moof', 20), box('mdat', 300)]);
    const frag2 = Buffer.concat([box('moof', 20), box('mdat', 100)]);
    const stream = Buffer.concat([init, frag1, frag2]);
    const splitter = new Mp4BoxSplitter();
    const out = [];
    for (let i = 0; i < stream.length; i += 5)
      out.push(...splitter.push(stream.subarray(i, i + 5)));
    expect(out.map((s) => s.kind)).toEqual(['init', 'fragment', 'fragment']);
    expect(out[0]?.data).toEqual(init);
    expect(out[1]?.data).toEqual(frag1);
    expect(out[2]?.data).toEqual(frag2);
  });

  it('rejects implausible box sizes instead of buffering', () => {
    const bad = Buffer.alloc(8);
    bad.writeUInt32BE(0xffffffff, 0);
    bad.write('mdat', 4, 'latin1');
    expect(() => new Mp4BoxSplitter().push(bad)).toThrow(RangeError);
    const tiny = Buffer.alloc(8);
    tiny.writeUInt32BE(3, 0);
    expect(() => new Mp4BoxSplitter().push(tiny)).toThrow(RangeError);
  });
});
