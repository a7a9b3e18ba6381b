/** What the `; HEADER_BLOCK_START … ; HEADER_BLOCK_END` comment block of a plate's G-code says. */
export interface GcodeHeader {
  /** `; total layer number: N`. */
  readonly totalLayers: number | null;
  /** `; total estimated time: …`, seconds. */
  readonly estimatedSeconds: number | null;
  /** `; total filament weight [g] : a,b`, grams per filament. */
  readonly filamentGrams: readonly number[];
}

/** Parses `1d 2h 3m 4s`-style durations to seconds; null when nothing matches. */
export function parseDuration(text: string): number | null {
  let total = 0;
  let found = false;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)\s*([dhms])/g)) {
    const n = Number(m[1]);
    const unit = m[2];
    total += n * (unit === 'd' ? 86400 : unit === 'h' ? 3600 : unit === 'm' ? 60 : 1);
    found = true;
  }
  return found ? Math.round(total) : null;
}

/** Parses the header block at the start of a Bambu G-code file (pass the first few KB). */
export function parseGcodeHeader(head: string): GcodeHeader {
  const end = head.indexOf('HEADER_BLOCK_END');
  const block = end >= 0 ? head.slice(0, end) : head;
  const layers = /;\s*total layer number:\s*(\d+)/.exec(block);
  const time = /total estimated time:\s*([^;\n]+)/.exec(block);
  const grams = /;\s*total filament weight \[g\]\s*:\s*([\d.,\s]+)/.exec(block);
  return {
    totalLayers: layers ? Number(layers[1]) : null,
    estimatedSeconds: time ? parseDuration(time[1] ?? '') : null,
    filamentGrams: grams
      ? (grams[1] ?? '')
          .split(',')
          .map((s) => Number(s.trim()))
          .filter((n) => Number.isFinite(n))
      : [],
  };
}
