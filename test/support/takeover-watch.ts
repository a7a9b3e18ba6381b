import type { HostClient } from './host-client.ts';

export interface Takeover {
  /** Kill → the survivor shows itself as the controller of every printer of the dead instance. */
  leasesMs: number;
  /** Kill → the first `project_file` a printer of the dead instance received. */
  firstDispatchMs: number;
  firstDispatchSerial: string;
}

/**
 * Watches (every 50 ms) how a surviving engine takes the printers of a killed one over: through the
 * survivor's PrinterViews (queue.controller) and the commands the virtual printers receive.
 */
export async function watchTakeover(options: {
  survivor: HostClient;
  deadSerials: readonly string[];
  /** `project_file` commands received so far, by serial. */
  projectFiles: () => Map<string, number>;
  /** `performance.now()` when the engine was killed. */
  killedAt: number;
  /** Counts before the kill. */
  before: Map<string, number>;
  timeoutMs: number;
}): Promise<Takeover> {
  const { survivor, deadSerials, killedAt } = options;
  let leasesMs: number | null = null;
  let dispatch: { ms: number; serial: string } | null = null;
  const deadline = killedAt + options.timeoutMs;
  for (;;) {
    const now = performance.now();
    if (leasesMs === null) {
      const views = [...survivor.printers.values()];
      const taken = deadSerials.every(
        (s) => views.find((v) => v.serial === s)?.queue?.controller === 'this',
      );
      if (taken) leasesMs = now - killedAt;
    }
    if (dispatch === null) {
      const counts = options.projectFiles();
      const serial = deadSerials.find((s) => (counts.get(s) ?? 0) > (options.before.get(s) ?? 0));
      if (serial !== undefined) dispatch = { ms: now - killedAt, serial };
    }
    if (leasesMs !== null && dispatch !== null) {
      return { leasesMs, firstDispatchMs: dispatch.ms, firstDispatchSerial: dispatch.serial };
    }
    if (now > deadline) {
      throw new Error(
        `no takeover within ${options.timeoutMs} ms: leases ${leasesMs === null ? 'not taken' : `taken after ${Math.round(leasesMs)} ms`}, ${dispatch === null ? 'no dispatch' : 'dispatched'} on the dead instance's printers`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
