import { afterEach, describe, expect, it } from 'vitest';
import { PrintJobs } from '../core/farm/print-jobs.ts';
import type { PrintPrinter } from '../core/farm/print-job-types.ts';
import { StagedFiles } from '../core/farm/print-files.ts';
import type { PrinterLink } from '../core/mqtt/printer-link.ts';
import { startProjectFile, type PrintPhase } from '../core/printing/start-print.ts';
import type { PrintJobView, TargetPhase } from '../shared/contract/print-schemas.ts';
import type { VirtualPrinter } from '../sim/virtual-printer-api.ts';
import { commandsOf, createLinkRig, nextState } from './support/link-rig.ts';

// Print starts whose confirmation comes late: the link lost after `project_file` was sent is
// "not confirmed yet", not a failure; and a job that shows only after the start timeout still
// moves the farm's phase from unconfirmed to printing (issue 11).

const rig = createLinkRig();
afterEach(() => rig.cleanup());

async function ready(p: VirtualPrinter, commandTimeoutMs = 10_000): Promise<PrinterLink> {
  const link = rig.linkTo(p, { commandTimeoutMs });
  await link.waitForState(20_000);
  if (link.state?.model === null) await nextState(link, (s) => s.model !== null);
  return link;
}

/** Drops every MQTT session as soon as the printer has received `project_file`. */
async function dropAfterProjectFile(p: VirtualPrinter): Promise<void> {
  const end = Date.now() + 10_000;
  while (commandsOf(p, 'print', 'project_file').length === 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 10));
  }
  p.inject('drop');
}

const options = {
  bedLeveling: false,
  flowCalibration: false,
  vibrationCalibration: false,
  timelapse: false,
};

describe('print start confirmation after the link was lost or the timeout passed', () => {
  it('a connection lost after project_file was sent is "not confirmed yet", then confirmed by state', async () => {
    const p = await rig.printer({
      model: 'P1S',
      quirks: ['no-project-reply'],
      projectReply: { jobDelayMs: 1500 },
    });
    const link = await ready(p);
    const listeners = link.listenerCount('state');
    const phases: PrintPhase[] = [];
    const dropped = dropAfterProjectFile(p);
    const outcome = await startProjectFile(link, '/lost.gcode.3mf', 1, {
      startTimeoutMs: 15_000,
      onProgress: (ph) => phases.push(ph),
    });
    await dropped;
    expect(phases.map((ph) => ph.phase)).toEqual(['unconfirmed']);
    expect(phases[0]?.phase === 'unconfirmed' ? phases[0].message : '').toMatch(
      /connection .* was lost after the start of lost was sent/,
    );
    expect(outcome).toMatchObject({ confirmed: true, state: { jobName: 'lost' } });
    expect(link.listenerCount('state')).toBe(listeners);
  });

  it('the farm moves from unconfirmed to printing when the job shows after the start timeout', async () => {
    const p = await rig.printer({
      model: 'P1S',
      quirks: ['no-project-reply'],
      projectReply: { jobDelayMs: 2500 },
    });
    const link = await ready(p, 300);
    const printer: PrintPrinter = {
      id: 'p1',
      name: 'Slow card',
      serial: p.serial,
      online: true,
      get state() {
        return link.state;
      },
      link: () => link,
      ftps: () => Promise.reject(new Error('no upload in this test')),
    };
    const farm = { printers: () => [printer], printer: () => printer };
    const phases: TargetPhase[] = [];
    let last: PrintJobView | null = null;
    const jobs = new PrintJobs(
      farm,
      new StagedFiles(),
      (view) => {
        last = view;
        const phase = view.targets[0]?.phase;
        if (phase && phases.at(-1) !== phase) phases.push(phase);
      },
      { startTimeoutMs: 800, lateConfirmMs: 20_000 },
    );
    const listeners = link.listenerCount('state');
    jobs.reprint('p1', { path: '/late.gcode.3mf', plate: 1, options, useAms: false });
    const end = Date.now() + 15_000;
    while (phases.at(-1) !== 'printing' && phases.at(-1) !== 'failed' && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(phases).toEqual(['queued', 'starting', 'unconfirmed', 'printing']);
    expect((last as PrintJobView | null)?.targets[0]?.error ?? null).toBeNull();
    expect(link.listenerCount('state')).toBe(listeners);
    jobs.close();
  });

  it('the late watch is bounded and stops on close: no listener stays behind', async () => {
    const p = await rig.printer({
      model: 'P1S',
      quirks: ['no-project-reply'],
      projectReply: { jobDelayMs: 60_000 },
    });
    const link = await ready(p, 300);
    const printer: PrintPrinter = {
      id: 'p1',
      name: 'Never',
      serial: p.serial,
      online: true,
      get state() {
        return link.state;
      },
      link: () => link,
      ftps: () => Promise.reject(new Error('no upload in this test')),
    };
    const farm = { printers: () => [printer], printer: () => printer };
    const listeners = link.listenerCount('state');
    const run = async (lateConfirmMs: number): Promise<PrintJobs> => {
      const phases: TargetPhase[] = [];
      const jobs = new PrintJobs(
        farm,
        new StagedFiles(),
        (v) => phases.push(v.targets[0]?.phase ?? 'queued'),
        { startTimeoutMs: 500, lateConfirmMs },
      );
      jobs.reprint('p1', { path: '/never.gcode.3mf', plate: 1, options, useAms: false });
      const end = Date.now() + 10_000;
      while (phases.at(-1) !== 'unconfirmed' && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(phases.at(-1)).toBe('unconfirmed');
      // The reply timeout says "unconfirmed" first; let the start timeout pass too.
      await new Promise((r) => setTimeout(r, 400));
      return jobs;
    };
    // Still watching after the start timeout; gone once the late window ends.
    const bounded = await run(700);
    expect(link.listenerCount('state')).toBe(listeners + 1);
    await new Promise((r) => setTimeout(r, 600));
    expect(link.listenerCount('state')).toBe(listeners);
    bounded.close();
    // Closing the jobs stops the watch at once.
    const closed = await run(60_000);
    expect(link.listenerCount('state')).toBe(listeners + 1);
    closed.close();
    expect(link.listenerCount('state')).toBe(listeners);
  });
});
