// The demo's queue set-up: a rack of idle P1S printers ("Rack B") beside the mixed farm ("Rack A"),
// so queued copies of phone-stand-P1S.gcode.3mf spread over several printers once their beds are
// confirmed.
import type { FarmEngine } from '../core/farm/farm-engine.ts';
import type { SimModel } from '../sim/virtual-printer.ts';

/** Groups of the demo printers: the mixed farm, and the queue rack. */
export const DEMO_GROUPS = { farm: 'Rack A', queue: 'Rack B' } as const;

/** Idle P1S printers of the queue rack (their AMS holds the purple PLA of the phone stand sample). */
export function queueRack(count: number): { model: SimModel; role: 'idle'; name: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    model: 'P1S' as const,
    role: 'idle' as const,
    name: `${DEMO_GROUPS.queue} · ${i + 1} P1S`,
  }));
}

/**
 * Puts each demo printer in its group through the engine's queue requests (as the detail view
 * does). Done on every start: virtual printers get new serials each run, and groups belong to
 * serials. Without a queue (no database, or an engine without it) the demo runs without groups.
 */
export async function tagDemoGroups(
  engine: FarmEngine,
  printers: readonly { id: string; group: string }[],
): Promise<void> {
  const setPrinter = engine.handlers()['queue:set-printer'];
  try {
    for (const p of printers) await setPrinter(p.id, { tags: [p.group] });
  } catch (err) {
    console.warn(`demo printers are not in groups: ${(err as Error).message}`);
  }
}
