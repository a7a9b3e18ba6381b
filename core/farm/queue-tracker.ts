import type { CopyState } from '../../shared/contract/queue-schemas.ts';
import type { FarmLogger } from './ports.ts';
import {
  historyIdOf as jobRecordId,
  isBusyNow,
  isFree,
  printEnd,
  type QueuePrinter,
} from './queue-copies.ts';
import type { Flight, FlightOutcome, QueueDispatch } from './queue-dispatch.ts';
import type { CopyChange, QueueCopyRow, QueuePrinterRow, QueueStore } from './queue-port.ts';

const UNCONFIRMED = 'not confirmed yet — check the printer';

export interface TrackerDeps {
  instanceId: string;
  dispatch: QueueDispatch;
  /** A dispatched copy with no sender here whose printer stays free this long goes back, ms. */
  graceMs: number;
  /** How long a printer whose send failed before the start is skipped, ms. */
  coolMs: number;
  /** Id of the history record of the printer's job begun at or after `since` (ms), null when none. */
  recordOf(serial: string, since: number): string | null;
  now(): number;
  logger: FarmLogger;
}

/**
 * Moves copies on by what their printers do (so copies end correctly after a restart or a takeover),
 * settles this instance's sends, and keeps beds in step with the printers. Every write is a
 * compare-and-set on the copy's state or the bed, so a late or repeated step changes nothing.
 */
export class CopyTracker {
  /** Dispatched copies without a sender here: since when their printer is free. */
  private readonly freeSince = new Map<string, number>();
  /** Printers whose last send failed before the start: skipped until then (no tight retry loop). */
  private readonly cooling = new Map<string, { until: number; reason: string }>();

  constructor(private readonly deps: TrackerDeps) {}

  /** The history record of the copy's print: by the printer's job id, else the recorder's latest. */
  private historyIdOf(
    p: QueuePrinter,
    c: Pick<QueueCopyRow, 'dispatchedAt'> | null,
  ): string | null {
    const since = (c?.dispatchedAt ?? this.deps.now()) - 1_000;
    return jobRecordId(p) ?? this.deps.recordOf(p.serial, since);
  }

  /** Printers to skip now, with why. */
  coolingNow(): Map<string, string> {
    const now = this.deps.now();
    const out = new Map<string, string>();
    for (const [serial, c] of this.cooling) {
      if (c.until <= now) this.cooling.delete(serial);
      else out.set(serial, c.reason);
    }
    return out;
  }

  /** A copy on a printer this instance leases: adopted if another instance had it, moved on by state. */
  async track(q: QueueStore, copy: QueueCopyRow, p: QueuePrinter): Promise<void> {
    let c: QueueCopyRow | null = copy;
    if (c.instanceId !== this.deps.instanceId) {
      c = await q.adoptCopy(c.id, this.deps.instanceId);
      if (!c) return;
      this.deps.logger.info(`queue: took over copy ${c.index} on ${p.name}`);
    }
    const flight = this.deps.dispatch.flight(c.id);
    if (flight && !flight.unconfirmed) return;
    if (c.state === 'printing') {
      if (isFree(p)) await this.endPrint(q, c, p);
      else if (c.historyId === null) {
        const historyId = this.historyIdOf(p, c);
        if (historyId) await this.move(q, c, ['printing'], { state: 'printing', historyId });
      }
      return;
    }
    if (isBusyNow(p)) {
      this.deps.dispatch.forget(c.id);
      this.freeSince.delete(c.id);
      await this.move(q, c, ['dispatched'], {
        state: 'printing',
        startedAt: this.deps.now(),
        historyId: this.historyIdOf(p, c),
        reason: null,
      });
      return;
    }
    if (!isFree(p)) return;
    const now = this.deps.now();
    const since = this.freeSince.get(c.id) ?? now;
    this.freeSince.set(c.id, since);
    if (now - since < this.deps.graceMs) return;
    this.freeSince.delete(c.id);
    this.deps.dispatch.forget(c.id);
    const back = await this.move(q, c, ['dispatched'], {
      state: 'queued',
      reason: `${p.name} never started it: queued again`,
    });
    if (back) await q.setBed(p.serial, 'clear', ['in-use']);
  }

  /** What a send of this instance came to (printing, not confirmed, failed). */
  async settle(
    q: QueueStore,
    flight: Flight,
    outcome: FlightOutcome,
    p: QueuePrinter | undefined,
  ): Promise<void> {
    const copy = { id: flight.copyId, jobId: flight.jobId };
    if (outcome.kind === 'printing') {
      await this.move(q, copy, ['dispatched'], {
        state: 'printing',
        startedAt: this.deps.now(),
        historyId: p ? this.historyIdOf(p, null) : null,
        reason: null,
      });
      return;
    }
    if (outcome.kind === 'unconfirmed') {
      await this.move(q, copy, ['dispatched'], { state: 'dispatched', reason: UNCONFIRMED });
      return;
    }
    const moved = await this.fail(q, copy, ['dispatched'], outcome.reason, null);
    if (!moved) return;
    // Nothing reached the printer's start: its plate is as clear as before.
    await q.setBed(flight.serial, outcome.reachedStart ? 'needs-clearing' : 'clear', ['in-use']);
    if (!outcome.reachedStart) {
      this.cooling.set(flight.serial, {
        until: this.deps.now() + this.deps.coolMs,
        reason: `${outcome.reason}; trying again shortly`,
      });
    }
  }

  /** Beds of leased printers follow what they do; returns true when one changed. */
  async reconcileBeds(
    q: QueueStore,
    mine: readonly QueuePrinter[],
    rows: ReadonlyMap<string, QueuePrinterRow>,
    active: ReadonlySet<string>,
  ): Promise<boolean> {
    let changed = false;
    for (const p of mine) {
      const bed = rows.get(p.serial)?.bed ?? 'unknown';
      let row: QueuePrinterRow | null = null;
      if (isBusyNow(p) && bed !== 'in-use') {
        // A person started something: the bed is in use whatever it was.
        row = await q.setBed(p.serial, 'in-use', ['clear', 'needs-clearing', 'unknown']);
      } else if (isFree(p) && bed === 'in-use' && !active.has(p.serial)) {
        row = await q.setBed(p.serial, 'needs-clearing', ['in-use']);
      }
      if (row) changed = true;
    }
    return changed;
  }

  private async endPrint(q: QueueStore, c: QueueCopyRow, p: QueuePrinter): Promise<void> {
    const end = printEnd(p);
    const historyId = c.historyId ?? this.historyIdOf(p, c);
    const moved =
      end.result === 'done'
        ? await this.move(q, c, ['printing'], {
            state: 'done',
            endedAt: this.deps.now(),
            historyId,
            reason: null,
          })
        : await this.fail(q, c, ['printing'], end.reason, historyId);
    if (moved) await q.setBed(p.serial, 'needs-clearing', ['in-use']);
  }

  /** A failed copy goes back to the queue or is held, as its job says. */
  private async fail(
    q: QueueStore,
    c: Pick<QueueCopyRow, 'id' | 'jobId'>,
    from: readonly CopyState[],
    reason: string,
    historyId: string | null,
  ): Promise<QueueCopyRow | null> {
    const job = await q.getJob(c.jobId);
    const state = job?.onFailure === 'hold' ? 'held' : 'queued';
    return this.move(q, c, from, { state, reason, endedAt: this.deps.now(), historyId });
  }

  private move(
    q: QueueStore,
    c: Pick<QueueCopyRow, 'id'>,
    from: readonly CopyState[],
    change: CopyChange,
  ): Promise<QueueCopyRow | null> {
    return q.updateCopy(c.id, from, change, this.deps.instanceId);
  }
}
