import { afterEach, describe, expect, it } from 'vitest';
import type { PrinterView } from '../shared/contract/farm-schemas.ts';
import type { QueueAttention } from '../core/farm/queue-attention.ts';
import { projectFiles, startQueueRig, until, type QueueRig } from './support/queue-rig.ts';

const rigs: QueueRig[] = [];
afterEach(async () => {
  while (rigs.length > 0) await rigs.pop()?.close();
});

const BUSY = new Set(['PREPARE', 'RUNNING', 'PAUSE', 'SLICING']);
const busy = (v: PrinterView | undefined) => BUSY.has(v?.state?.gcodeState ?? '');

describe('the job queue on 10 virtual printers', () => {
  it('prints 30 queued copies exactly once each, one history record per copy, each start on a confirmed bed', async () => {
    const rig = await startQueueRig(10);
    rigs.push(rig);
    const h = rig.farm.handlers();
    const attention: QueueAttention[] = [];
    rig.farm.queue.onAttention((a) => attention.push(a));
    await until(
      () => (rig.ids.every((id) => rig.views.get(id)?.state?.online === true) ? true : undefined),
      30_000,
      'every printer online',
    );

    // Per printer: the test's bed confirmations and the jobs the printer began, in order.
    const log = new Map<string, string[]>(rig.ids.map((id) => [id, []]));
    const wasBusy = new Map<string, boolean>();
    const confirming = new Set<string>();
    const failures: string[] = [];
    rig.farm.onBatch((batch) => {
      for (const v of batch.printers) {
        const now = busy(v);
        if (now && wasBusy.get(v.id) !== true) log.get(v.id)?.push('start');
        wasBusy.set(v.id, now);
        const bed = v.queue?.bed;
        if (now || (bed !== 'needs-clearing' && bed !== 'unknown') || confirming.has(v.id))
          continue;
        // A person clears the plate and confirms it.
        confirming.add(v.id);
        log.get(v.id)?.push('confirm');
        h['queue:confirm-bed'](v.id).then(
          () => confirming.delete(v.id),
          (err: unknown) => {
            confirming.delete(v.id);
            log.get(v.id)?.push('refused');
            // Refused while a copy is being sent or the printer turned busy: the next batch retries.
            if (!/busy|printing|being sent/i.test((err as Error).message)) {
              failures.push((err as Error).message);
            }
          },
        );
      }
    });

    const jobId = await rig.addCopies(30);
    const done = await until(
      async () => {
        const view = await rig.queue();
        const job = view.jobs.find((j) => j.jobId === jobId);
        return job && job.counts.done === 30 ? job : undefined;
      },
      240_000,
      '30 copies done',
    );

    expect(failures).toEqual([]);
    expect(done.copies).toHaveLength(30);
    expect(done.copies.every((c) => c.state === 'done' && c.attempts === 1)).toBe(true);
    // Exactly one project_file per copy across the farm: nothing sent twice, nothing refused.
    const sent = rig.printers.map(projectFiles);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(30);
    // The copies spread: every printer took some.
    expect(sent.every((n) => n >= 1)).toBe(true);
    // Each copy links its own history record; 30 records, all finished, all started by Farmdeck.
    const historyIds = new Set(done.copies.map((c) => c.historyId));
    expect(historyIds.size).toBe(30);
    expect(historyIds.has(null)).toBe(false);
    await rig.farm.records.recorder.flush();
    const page = await h['history:list']({ limit: 100 });
    expect(page.total).toBe(30);
    expect(page.records.every((r) => r.result === 'finished' && r.startedByFarmdeck)).toBe(true);
    expect(new Set(page.records.map((r) => r.id))).toEqual(historyIds);
    // Every job a printer began followed a bed confirmation made after its previous job.
    for (const [id, events] of log) {
      let confirmed = false;
      for (const e of events) {
        if (e === 'confirm') confirmed = true;
        else if (e === 'start') {
          expect(confirmed, `printer ${id}: ${events.join(' ')}`).toBe(true);
          confirmed = false;
        }
      }
    }
    expect(attention).toContainEqual({ kind: 'queue-empty' });
    expect(attention.some((a) => a.kind === 'bed-waiting')).toBe(true);
    const view = await rig.queue();
    expect(view).toMatchObject({ available: true, paused: false, controlled: 10 });
    expect(rig.revisions.length).toBeGreaterThan(0);
  }, 300_000);
});
