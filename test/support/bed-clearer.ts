import type { PrinterView } from '../../shared/contract/farm-schemas.ts';
import type { HostClient } from './host-client.ts';

const FREE = new Set(['IDLE', 'FINISH', 'FAILED']);

/**
 * Plays the person at the farm: whenever a printer's bed waits for clearing (or was never
 * confirmed) and the printer is free, says "bed cleared" through one of the live engines.
 */
export class BedClearer {
  private timer: NodeJS.Timeout | null = null;
  private readonly asking = new Set<string>();
  private running: Promise<void> = Promise.resolve();
  /** Confirmations the engines accepted. */
  confirmed = 0;
  /** Refusals (a printer that turned busy meanwhile): logged, not fatal. */
  readonly refusals: string[] = [];

  constructor(private clients: () => readonly HostClient[]) {}

  start(everyMs = 200): void {
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.pass());
    }, everyMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async pass(): Promise<void> {
    const asks: Promise<void>[] = [];
    for (const client of this.clients()) {
      for (const view of client.printers.values()) {
        if (!waits(view) || this.asking.has(view.serial)) continue;
        this.asking.add(view.serial);
        asks.push(this.confirm(client, view));
      }
    }
    await Promise.all(asks);
  }

  private async confirm(client: HostClient, view: PrinterView): Promise<void> {
    const result = await client.request('queue:confirm-bed', view.id);
    if (result.ok) this.confirmed++;
    else this.refusals.push(`${view.serial}: ${result.error.message}`);
    // Ask again only after the engine's views had time to show the new bed.
    setTimeout(() => this.asking.delete(view.serial), 600).unref();
  }
}

function waits(view: PrinterView): boolean {
  const bed = view.queue?.bed;
  if (bed !== 'needs-clearing' && bed !== 'unknown') return false;
  return view.state?.online === true && FREE.has(view.state.gcodeState ?? '');
}
