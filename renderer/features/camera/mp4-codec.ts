/**
 * The RFC 6381 codec string of an fMP4 init segment, for `MediaSource.isTypeSupported` and
 * `addSourceBuffer`: `avc1.PPCCLL` from the H.264 decoder configuration (`avcC` box: profile,
 * constraint flags, level). Null when the segment holds no H.264 track.
 */
export function codecFromInit(init: Uint8Array): string | null {
  // The init segment is a few hundred bytes of boxes (ftyp, moov…): find `avcC` inside stsd/avc1.
  for (let i = 4; i + 8 <= init.length; i++) {
    if (init[i] === 0x61 && init[i + 1] === 0x76 && init[i + 2] === 0x63 && init[i + 3] === 0x43) {
      const size = readU32(init, i - 4);
      // avcC: size(4) 'avcC'(4) configurationVersion(1)=1 profile(1) compat(1) level(1)
      if (size < 12 || init[i + 4] !== 1) continue;
      const hex = (b: number | undefined) => (b ?? 0).toString(16).padStart(2, '0').toUpperCase();
      return `avc1.${hex(init[i + 5])}${hex(init[i + 6])}${hex(init[i + 7])}`;
    }
  }
  return null;
}

/** `video/mp4; codecs="…"` for an init segment, null when it holds no H.264 track. */
export function mimeFromInit(init: Uint8Array): string | null {
  const codec = codecFromInit(init);
  return codec ? `video/mp4; codecs="${codec}"` : null;
}

function readU32(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] ?? 0) * 0x1000000 +
      ((bytes[at + 1] ?? 0) << 16) +
      ((bytes[at + 2] ?? 0) << 8) +
      (bytes[at + 3] ?? 0)) >>>
    0
  );
}
