/** Callers of `waitForState` waiting for the first full state. */
import type { PrinterState } from '../../shared/printer-state.ts';
import { formatDuration, LinkError } from './link-error.ts';

interface Waiter {
  readonly resolve: (s: PrinterState) => void;
  readonly reject: (e: LinkError) => void;
  readonly timer: NodeJS.Timeout;
}

export class StateWaiters {
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly serial: string) {}

  add(timeoutMs: number): Promise<PrinterState> {
    return new Promise<PrinterState>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(
            new LinkError(
              'timeout',
              `printer ${this.serial} sent no full status within ${formatDuration(timeoutMs)}: ` +
                `check that it is on and reachable`,
              { serial: this.serial },
            ),
          );
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  resolveAll(state: PrinterState): void {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve(state);
    }
    this.waiters.clear();
  }

  rejectAll(error: LinkError): void {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(error);
    }
    this.waiters.clear();
  }
}
