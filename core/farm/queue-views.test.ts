import { describe, expect, it } from 'vitest';
import type { QueueCopyRow, QueueJobRow } from './queue-port.ts';
import { jobView, printerQueueInfo, queueView, sameInfo, unavailableView } from './queue-views.ts';

function copy(index: number, state: QueueCopyRow['state'], serial: string | null): QueueCopyRow {
  return {
    id: `c-${index}`,
    jobId: 'j-1',
    index,
    state,
    printerSerial: serial,
    instanceId: serial ? 'i-1' : null,
    historyId: null,
    attempts: state === 'queued' ? 0 : 1,
    reason: null,
    dispatchedAt: null,
    startedAt: null,
    endedAt: null,
    updatedAt: 1000 + index,
  };
}

const job: QueueJobRow = {
  id: 'j-1',
  libraryFileId: 'f'.repeat(64),
  fileName: 'box.gcode.3mf',
  plate: 1,
  copies: 4,
  target: { kind: 'any' },
  filamentRule: 'same-material',
  priority: 0,
  notBefore: null,
  onFailure: 'requeue',
  options: {
    bedLeveling: true,
    flowCalibration: true,
    vibrationCalibration: true,
    timelapse: false,
  },
  position: 1,
  createdAt: 500,
  waiting: 'no printer has PLA loaded',
  copyRows: [
    copy(1, 'done', 'S1'),
    copy(2, 'printing', 'S2'),
    copy(3, 'queued', null),
    copy(4, 'printing', 'S-elsewhere'),
  ],
};

describe('queue views', () => {
  it('counts copies by state and names printers by serial as this instance knows them', () => {
    const view = jobView(
      job,
      new Map([
        ['S1', 'Rack 1'],
        ['S2', 'Rack 2'],
      ]),
    );
    expect(view.counts).toEqual({
      queued: 1,
      dispatched: 0,
      printing: 2,
      done: 1,
      failed: 0,
      held: 0,
      cancelled: 0,
    });
    expect(view.copies.map((c) => c.printerName)).toEqual(['Rack 1', 'Rack 2', null, null]);
    expect(view.waiting).toBe('no printer has PLA loaded');
  });

  it('shows no waiting reason once no copy is queued', () => {
    const noneQueued = { ...job, copyRows: job.copyRows.filter((c) => c.state !== 'queued') };
    expect(jobView(noneQueued, new Map()).waiting).toBeNull();
  });

  it('says why the queue is unavailable, and counts the printers this instance controls', () => {
    expect(unavailableView('no database')).toEqual({
      available: false,
      reason: 'no database',
      paused: false,
      jobs: [],
      controlled: 0,
    });
    expect(queueView([job], true, 3, new Map())).toMatchObject({
      available: true,
      reason: null,
      paused: true,
      controlled: 3,
    });
  });

  it('gives a printer the database never saw an unknown bed', () => {
    const info = printerQueueInfo(undefined, 'none');
    expect(info).toEqual({
      bed: 'unknown',
      bedChangedAt: null,
      waiveBedCheck: false,
      tags: [],
      exclusion: null,
      controller: 'none',
    });
    expect(sameInfo(info, { ...info })).toBe(true);
    expect(sameInfo(info, { ...info, bed: 'clear' })).toBe(false);
    expect(sameInfo(undefined, info)).toBe(false);
  });
});
