/** Draws JPEG frames on a canvas as they come; a frame arriving while one decodes replaces the waiting one. */
export interface JpegPainter {
  push(jpeg: Uint8Array<ArrayBuffer>): void;
  dispose(): void;
}

/**
 * Decodes with `createImageBitmap` off the main thread and draws on `canvas` (no object URLs to
 * leak, nothing for the CSP to allow). Latest frame wins: at most one decode running and one waiting.
 */
export function createJpegPainter(canvas: HTMLCanvasElement, onDrawn: () => void): JpegPainter {
  let busy = false;
  let waiting: Uint8Array<ArrayBuffer> | null = null;
  let disposed = false;

  const draw = async (jpeg: Uint8Array<ArrayBuffer>) => {
    busy = true;
    try {
      const bitmap = await createImageBitmap(new Blob([jpeg], { type: 'image/jpeg' }));
      if (!disposed) {
        if (canvas.width !== bitmap.width) canvas.width = bitmap.width;
        if (canvas.height !== bitmap.height) canvas.height = bitmap.height;
        canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
        onDrawn();
      }
      bitmap.close();
    } catch {
      // A damaged frame: skip it, the next one will do.
    }
    busy = false;
    const next = waiting;
    waiting = null;
    if (next && !disposed) void draw(next);
  };

  return {
    push(jpeg) {
      if (disposed) return;
      if (busy) waiting = jpeg;
      else void draw(jpeg);
    },
    dispose() {
      disposed = true;
      waiting = null;
    },
  };
}
