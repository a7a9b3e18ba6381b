/** Progress of one upload, as reported to `onProgress`. */
export interface UploadProgress {
  /** Bytes sent so far. */
  readonly bytes: number;
  /** Size of the file, bytes. */
  readonly totalBytes: number;
  /** 0-100. */
  readonly percent: number;
  /** Recent rate (last few seconds), bytes per second; 0 until measurable. */
  readonly bytesPerSecond: number;
  /** Estimated seconds left at the recent rate; null until a rate is known. */
  readonly etaSeconds: number | null;
  /** Seconds since the transfer started. */
  readonly elapsedSeconds: number;
}

/**
 * Computes rate and ETA from byte counts over a sliding window, so the figure follows the
 * current link speed (Wi-Fi printers vary from 50 KB/s to several MB/s) instead of the average.
 */
export class ProgressMeter {
  private readonly samples: { t: number; bytes: number }[] = [];
  private readonly start: number;

  /**
   * @param totalBytes size of the file
   * @param now clock in ms (injected for tests)
   * @param windowMs span of the rate window
   */
  constructor(
    private readonly totalBytes: number,
    private readonly now: () => number = Date.now,
    private readonly windowMs = 3000,
  ) {
    this.start = now();
    this.samples.push({ t: this.start, bytes: 0 });
  }

  /** Records that `bytes` (cumulative) have been sent and returns the progress. */
  update(bytes: number): UploadProgress {
    const t = this.now();
    this.samples.push({ t, bytes });
    while (this.samples.length > 2 && t - (this.samples[1]?.t ?? t) >= this.windowMs) {
      this.samples.shift();
    }
    const first = this.samples[0] ?? { t, bytes };
    const dt = (t - first.t) / 1000;
    const rate = dt > 0 ? (bytes - first.bytes) / dt : 0;
    const left = Math.max(0, this.totalBytes - bytes);
    return {
      bytes,
      totalBytes: this.totalBytes,
      percent: this.totalBytes > 0 ? Math.min(100, (bytes / this.totalBytes) * 100) : 100,
      bytesPerSecond: rate,
      etaSeconds: left === 0 ? 0 : rate > 0 ? left / rate : null,
      elapsedSeconds: (t - this.start) / 1000,
    };
  }
}
