import type { TemperatureSample } from '../../shared/contract/farm-schemas.ts';
import type { PrinterState } from '../../shared/printer-state.ts';

/** 30 minutes, in ms. */
export const HISTORY_WINDOW_MS = 30 * 60_000;

/**
 * Temperatures of one printer over the last `windowMs`, at most one sample per `sampleEveryMs`.
 * Bounded: at most windowMs / sampleEveryMs + 1 samples whatever the printer sends.
 */
export class TemperatureHistoryBuffer {
  private readonly samples: TemperatureSample[] = [];

  constructor(
    private readonly sampleEveryMs = 5_000,
    private readonly windowMs = HISTORY_WINDOW_MS,
  ) {}

  /** Records the state's temperatures at time `t` (ms since epoch) unless the last sample is too recent. */
  record(state: PrinterState, t: number): void {
    const last = this.samples.at(-1);
    if (last && t - last.t < this.sampleEveryMs) return;
    const nozzle = state.nozzles[0];
    this.samples.push({
      t,
      nozzle: nozzle?.temp ?? null,
      nozzleTarget: nozzle?.target ?? null,
      bed: state.bed.temp,
      bedTarget: state.bed.target,
      chamber: state.chamber?.temp ?? null,
    });
    const cutoff = t - this.windowMs;
    let drop = 0;
    while (drop < this.samples.length && (this.samples[drop]?.t ?? Infinity) < cutoff) drop += 1;
    if (drop > 0) this.samples.splice(0, drop);
  }

  /** Samples, oldest first (a copy). */
  list(): TemperatureSample[] {
    return this.samples.slice();
  }
}
