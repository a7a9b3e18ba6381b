import type { QueueController } from '../../shared/contract/printer-queue-schema.ts';
import type { QueueStore } from './queue-port.ts';

/**
 * This instance's printer leases: renewed on each heartbeat for the printers online to it, so only
 * one instance dispatches to a printer; another takes it over once the lease expires.
 */
export class QueueLeases {
  /** Serials this instance holds a live lease on (after the last heartbeat). */
  private held = new Set<string>();
  /** Serials another instance holds a live lease on (after the last look). */
  private others = new Set<string>();

  constructor(
    readonly instanceId: string,
    private readonly ttlMs: number,
  ) {}

  holds(serial: string): boolean {
    return this.held.has(serial);
  }

  get count(): number {
    return this.held.size;
  }

  controller(serial: string): QueueController {
    if (this.held.has(serial)) return 'this';
    return this.others.has(serial) ? 'other' : 'none';
  }

  /** Renews and takes leases on `online` serials; returns true when the held set changed. */
  async beat(store: QueueStore, online: readonly string[]): Promise<boolean> {
    const held = new Set(await store.heartbeat(this.instanceId, online, this.ttlMs));
    const changed = held.size !== this.held.size || [...held].some((s) => !this.held.has(s));
    this.held = held;
    return changed;
  }

  /** Reads who holds the other printers. */
  async look(store: QueueStore): Promise<void> {
    const leases = await store.leases();
    this.others = new Set(
      leases.filter((l) => l.live && l.instanceId !== this.instanceId).map((l) => l.serial),
    );
  }

  async release(store: QueueStore): Promise<void> {
    this.held.clear();
    await store.releaseLeases(this.instanceId);
  }
}
