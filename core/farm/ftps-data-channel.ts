import { defaultDataChannel } from '../ftps/data-channel-default.ts';
import type { DataChannelMode, FtpsConnectOptions } from '../ftps/ftps-options.ts';
import type { StoredPrinter } from './ports.ts';

/** A printer's FTPS data channel: `clear` once learned, else the model's default. */
export function ftpsDataChannelFor(config: StoredPrinter, model: string | null): DataChannelMode {
  if (config.ftpsDataChannel === 'clear') return 'clear';
  return defaultDataChannel(model, config.serial);
}

interface Trial {
  readonly done: Promise<void>;
  readonly end: () => void;
}

/**
 * One data-channel decision per printer. While a printer is still `auto` (an A1 whose `PROT P`
 * may hang), its FTPS sessions take turns: the first one tries `PROT P`; the others wait until it
 * fell back to `PROT C` (then they use `clear` straight away), its data channel worked, or the
 * time a hang takes to show (connect + data timeout) has passed. So a file listing and an upload
 * started together do not both sit through the hang and fall back twice before the mode is saved.
 */
export class DataChannelDecisions {
  private readonly trials = new Map<string, Trial>();
  private readonly clear = new Set<string>();
  private readonly working = new Set<string>();

  /** Options for one FTPS session with a data transfer; may wait for another session's result. */
  async prepare(id: string, opts: FtpsConnectOptions): Promise<FtpsConnectOptions> {
    for (;;) {
      if (opts.dataChannel !== 'auto') return opts;
      if (this.clear.has(id)) return { ...opts, dataChannel: 'clear' };
      if (this.working.has(id)) return opts;
      const trial = this.trials.get(id);
      if (!trial) break;
      await trial.done;
      if (!this.clear.has(id)) return opts;
    }
    let finish = (): void => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const end = (): void => {
      clearTimeout(trialTimer);
      if (this.trials.get(id)?.done === done) this.trials.delete(id);
      finish();
    };
    const windowMs = (opts.connectTimeoutMs ?? 15_000) + (opts.dataTimeoutMs ?? 30_000) + 2_000;
    const trialTimer = setTimeout(end, windowMs);
    trialTimer.unref();
    this.trials.set(id, { done, end });
    return {
      ...opts,
      onDataChannelFallback: () => {
        this.clear.add(id);
        end();
        opts.onDataChannelFallback?.();
      },
      onDataChannelWorked: () => {
        this.working.add(id);
        end();
        opts.onDataChannelWorked?.();
      },
    };
  }

  /** Forgets a printer (removed, or its address changed). */
  forget(id: string): void {
    this.trials.get(id)?.end();
    this.clear.delete(id);
    this.working.delete(id);
  }
}
