import { crc32, deflateSync } from 'node:zlib';

/** An RGB colour, 0-255 per channel. */
export type Rgb = readonly [number, number, number];

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes `width × height` RGB pixels (row-major, 3 bytes each) as a PNG. */
export function encodePng(width: number, height: number, rgb: Buffer): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    rgb.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A plate preview like the slicer's: a textured build plate seen from above with `parts`
 * (rounded blocks in their filament colours, lit from the top left). 256 × 256.
 */
export function plateThumbnail(
  parts: readonly { x: number; y: number; w: number; h: number; color: Rgb }[],
): Buffer {
  const size = 256;
  const px = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 3;
      const onPlate = x > 16 && x < 240 && y > 16 && y < 240;
      const grain = ((x * 7 + y * 13) % 5) * 2;
      const base = onPlate ? 58 + grain : 34;
      px[i] = base;
      px[i + 1] = base + 2;
      px[i + 2] = base + 6;
      for (const p of parts) {
        const dx = Math.max(p.x - x, 0, x - (p.x + p.w));
        const dy = Math.max(p.y - y, 0, y - (p.y + p.h));
        if (dx * dx + dy * dy > 36) continue;
        // Simple lighting: brighter towards the top-left edge, darker at the bottom-right.
        const shade = 1.15 - (((x - p.x) / p.w) * 0.2 + ((y - p.y) / p.h) * 0.25);
        px[i] = Math.min(255, Math.round(p.color[0] * shade));
        px[i + 1] = Math.min(255, Math.round(p.color[1] * shade));
        px[i + 2] = Math.min(255, Math.round(p.color[2] * shade));
      }
    }
  }
  return encodePng(size, size, px);
}
