import jpegJs from 'jpeg-js';
import { type Canvas, drawText, fillRect } from './bitmap-font.ts';

/** Frame size of the real A1/P1 cameras. */
export const FRAME_WIDTH = 1280;
export const FRAME_HEIGHT = 720;

/** What a virtual camera frame shows. */
export interface FrameContent {
  /** Printed in the first line, e.g. the serial. */
  readonly label: string;
  readonly time: Date;
  /** Print progress 0-100, or null when idle. */
  readonly progress: number | null;
}

/** Paints and JPEG-encodes virtual camera frames; see {@link createFramePainter}. */
export interface FramePainter {
  /** A JFIF JPEG (starts FF D8 FF E0, ends FF D9) of the content. */
  frame(content: FrameContent): Buffer;
}

/**
 * A 1280x720 frame painter: a static scene painted once, then a clock (to the second), the progress
 * and a block moving once per second drawn on a copy. Encoding is the expensive part (~100 ms in pure
 * JS), so the last JPEG is reused while the visible content is unchanged: at high frame rates the
 * cost stays one encode per second.
 */
export function createFramePainter(quality = 60): FramePainter {
  const base = paintBackground();
  const canvas: Canvas = {
    width: FRAME_WIDTH,
    height: FRAME_HEIGHT,
    data: Buffer.alloc(base.length),
  };
  let lastKey = '';
  let lastJpeg: Buffer = Buffer.alloc(0);
  return {
    frame(content) {
      const stamp = content.time.toISOString().slice(0, 19).replace('T', ' ');
      const progress =
        content.progress === null ? null : Math.max(0, Math.min(100, Math.round(content.progress)));
      const key = `${content.label}|${stamp}|${progress}`;
      if (key === lastKey) return lastJpeg;
      base.copy(canvas.data);
      drawText(canvas, `FARMDECK VIRTUAL CAMERA ${content.label}`, 40, 40, 4, [230, 230, 230]);
      drawText(canvas, `${stamp} UTC`, 40, 100, 6, [255, 255, 255]);
      const text = progress === null ? 'IDLE' : `PROGRESS ${progress}%`;
      drawText(canvas, text, 40, 600, 5, [255, 220, 120]);
      fillRect(canvas, 40, 660, 1200, 24, [50, 50, 60]);
      if (progress !== null) fillRect(canvas, 40, 660, 12 * progress, 24, [90, 200, 110]);
      const x = 200 + (content.time.getUTCSeconds() % 60) * 14;
      fillRect(canvas, x, 380, 60, 60, [240, 120, 40]);
      lastJpeg = jpegJs.encode(
        { width: FRAME_WIDTH, height: FRAME_HEIGHT, data: canvas.data },
        quality,
      ).data;
      lastKey = key;
      return lastJpeg;
    },
  };
}

function paintBackground(): Buffer {
  const c: Canvas = {
    width: FRAME_WIDTH,
    height: FRAME_HEIGHT,
    data: Buffer.alloc(FRAME_WIDTH * FRAME_HEIGHT * 4),
  };
  for (let y = 0; y < FRAME_HEIGHT; y++) {
    const shade = 20 + Math.round((y / FRAME_HEIGHT) * 40);
    fillRect(c, 0, y, FRAME_WIDTH, 1, [shade, shade + 5, shade + 15]);
  }
  // A build plate seen from the front.
  fillRect(c, 140, 450, 1000, 40, [70, 70, 80]);
  fillRect(c, 160, 490, 960, 10, [40, 40, 50]);
  return c.data;
}
