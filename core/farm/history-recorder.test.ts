import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../../shared/contract/records-schemas.ts';
import type { PrinterState } from '../../shared/printer-state.ts';
import { historyCsv } from './history-csv.ts';
import { HistoryRecorder } from './history-recorder.ts';
import type { JobObservation } from './job-observation.ts';
import { silentLogger } from './ports.ts';
import type { HistoryStore } from './records-port.ts';

/** The port kept in a Map: the recorder's state machine under test, the SQL store has its own tests. */
function memoryHistory(): HistoryStore & { rows: Map<string, HistoryRecord> } {
  const rows = new Map<string, HistoryRecord>();
  return {
    rows,
    save: (r) => Promise.resolve(void rows.set(r.id, r)),
    saveMany: (rs) => Promise.resolve(rs.forEach((r) => rows.set(r.id, r))),
    get: (id) => Promise.resolve(rows.get(id) ?? null),
    list: () => Promise.reject(new Error('unused')),
    export: () => Promise.resolve([...rows.values()]),
    running: (serial) =>
      Promise.resolve(
        [...rows.values()].filter((r) => r.printerSerial === serial && r.result === 'running'),
      ),
    saveSnapshot: () => Promise.resolve(),
    snapshot: () => Promise.resolve(null),
  };
}

let clock = 1_000_000;
const obs = (over: Partial<JobObservation>, state: Partial<PrinterState> = {}): JobObservation => ({
  printerId: 'p1',
  printerName: 'Rack A 1',
  serial: 'SN1',
  model: 'P1S',
  online: true,
  gcodeState: 'RUNNING',
  jobName: 'cube',
  fileName: 'cube',
  plate: 1,
  jobKey: null,
  printerStartedAt: null,
  percent: 10,
  layer: 3,
  totalLayers: 30,
  state: { printError: null, hms: [], ...state } as unknown as PrinterState,
  ...over,
});

function recorder(store: HistoryStore | null) {
  const published: HistoryRecord[] = [];
  const rec = new HistoryRecorder({
    store: () => store,
    snapshot: () => Promise.resolve(null),
    publish: (r) => published.push(r),
    logger: silentLogger,
    now: () => (clock += 1000),
  });
  return { rec, published };
}

describe('history recorder', () => {
  it('records a stop as cancelled and a print error as failed with its reason and HMS', async () => {
    const store = memoryHistory();
    const { rec } = recorder(store);
    rec.observe(obs({}));
    rec.observe(
      obs(
        { gcodeState: 'FAILED', layer: 9, percent: 30 },
        {
          printError: { code: '0300_400C', message: 'The task was canceled.' },
        },
      ),
    );
    await rec.flush();
    const [cancelled] = [...store.rows.values()];
    expect(cancelled).toMatchObject({ result: 'cancelled', layerReached: 9, percent: 30 });
    expect(cancelled?.failure?.summary).toBe('Cancelled');

    rec.observe(obs({ jobName: 'gear', fileName: 'gear', gcodeState: 'PREPARE' }));
    rec.observe(
      obs(
        { jobName: 'gear', fileName: 'gear', gcodeState: 'FAILED' },
        {
          printError: { code: '0700_8010', message: 'AMS filament ran out.' },
          hms: [{ code: '0700_2000_0002_0001', message: 'Filament runout' }] as never,
        },
      ),
    );
    await rec.flush();
    const failed = [...store.rows.values()].find((r) => r.jobName === 'gear');
    expect(failed).toMatchObject({
      result: 'failed',
      failure: {
        printError: 0x07008010,
        printErrorCode: '0700_8010',
        summary: 'AMS filament ran out.',
        hms: [{ code: '0700_2000_0002_0001', text: 'Filament runout' }],
      },
    });
  });

  it('links a Farmdeck start and scales the sliced grams by progress when stopped early', async () => {
    const store = memoryHistory();
    const { rec } = recorder(store);
    rec.noteStart('p1', {
      fileName: 'Big Bracket.gcode.3mf',
      plate: 2,
      libraryFileId: 'a'.repeat(64),
      filaments: [{ id: 1, type: 'PETG', color: '#FF0000', grams: 40 }],
      at: clock,
    });
    rec.observe(obs({ jobName: 'Big_Bracket', fileName: 'Big_Bracket.gcode.3mf' }));
    rec.observe(obs({ jobName: 'Big_Bracket', gcodeState: 'IDLE', percent: 25 }));
    await rec.flush();
    const [r] = [...store.rows.values()];
    expect(r).toMatchObject({
      startedByFarmdeck: true,
      fileName: 'Big Bracket.gcode.3mf',
      plate: 2,
      result: 'cancelled',
      filament: { source: 'file', totalGrams: 10, items: [{ material: 'PETG', grams: 10 }] },
    });
  });

  it('continues a running record after a restart and closes one whose job changed as unknown', async () => {
    const store = memoryHistory();
    const first = recorder(store);
    first.rec.observe(obs({ jobKey: 'task:77' }));
    first.rec.observe(obs({ jobKey: 'task:77', jobName: 'other', percent: 50, layer: 15 }));
    await first.rec.flush();
    expect(store.rows.size).toBe(1);

    const second = recorder(store);
    second.rec.observe(obs({ jobKey: 'task:77', layer: 20, percent: 66 }));
    second.rec.observe(obs({ jobKey: 'task:77', gcodeState: 'FINISH', layer: 30 }));
    await second.rec.flush();
    expect(store.rows.size).toBe(1);
    expect([...store.rows.values()][0]).toMatchObject({ result: 'finished', layerReached: 30 });

    second.rec.observe(obs({ jobKey: 'task:78', jobName: 'next' }));
    await second.rec.flush();
    const third = recorder(store);
    third.rec.observe(obs({ jobKey: 'task:79', jobName: 'after', gcodeState: 'IDLE' }));
    await third.rec.flush();
    const next = [...store.rows.values()].find((r) => r.jobName === 'next');
    expect(next?.result).toBe('unknown');
  });

  it('hands a job without a job id from one instance to another: one record', async () => {
    const store = memoryHistory();
    const a = recorder(store);
    const b = recorder(store);
    // B controls the printer and records the first job.
    b.rec.observe(obs({ jobName: 'first', fileName: 'first' }));
    b.rec.observe(obs({ jobName: 'first', fileName: 'first', gcodeState: 'FINISH', layer: 30 }));
    await b.rec.flush();
    // A takes the printer over (B lets go) and records the second job's start.
    b.rec.letGo('p1');
    a.rec.observe(obs({ jobName: 'second', fileName: 'second' }));
    await a.rec.flush();
    // A dies mid-job; B controls the printer again and continues A's record to its end.
    b.rec.observe(obs({ jobName: 'second', fileName: 'second', layer: 20, percent: 66 }));
    b.rec.observe(obs({ jobName: 'second', fileName: 'second', gcodeState: 'FINISH', layer: 30 }));
    await b.rec.flush();
    const records = [...store.rows.values()].map((r) => [r.jobName, r.result, r.layerReached]);
    expect(records).toEqual([
      ['first', 'finished', 30],
      ['second', 'finished', 30],
    ]);
  });

  it('keeps the record while the database is away and writes it when it returns', async () => {
    const store = memoryHistory();
    let available = false;
    const published: HistoryRecord[] = [];
    const live = new HistoryRecorder({
      store: () => (available ? store : null),
      snapshot: () => Promise.resolve(null),
      publish: (r) => published.push(r),
      logger: silentLogger,
      now: () => (clock += 1000),
    });
    live.observe(obs({}));
    await live.flush();
    expect(store.rows.size).toBe(0);
    available = true;
    live.observe(obs({ layer: 5, percent: 20 }));
    live.observe(obs({ gcodeState: 'FINISH', layer: 30 }));
    await live.flush();
    expect([...store.rows.values()].map((r) => r.result)).toEqual(['finished']);
  });
});

describe('history CSV', () => {
  it('quotes fields and defuses spreadsheet formulas', () => {
    const csv = historyCsv([
      {
        id: 'h1',
        printerId: 'p1',
        printerName: 'Rack "A", 1',
        printerSerial: 'SN1',
        printerModel: 'P1S',
        jobName: '=cmd()',
        fileName: 'a.gcode.3mf',
        plate: 1,
        libraryFileId: null,
        startedByFarmdeck: false,
        startedAt: Date.UTC(2026, 0, 1),
        endedAt: Date.UTC(2026, 0, 1, 1),
        durationSeconds: 3600,
        result: 'finished',
        failure: null,
        layerReached: 10,
        totalLayers: 10,
        percent: 100,
        filament: { source: 'unknown', items: [], totalGrams: null },
        hasSnapshot: false,
        demo: false,
        updatedAt: 0,
      },
    ]);
    const [header, row] = csv.split('\r\n');
    expect(header).toMatch(/^started,ended,duration_min,printer,/);
    expect(row).toBe(
      `2026-01-01T00:00:00.000Z,2026-01-01T01:00:00.000Z,60,"Rack ""A"", 1",SN1,P1S,'=cmd(),a.gcode.3mf,1,finished,,10,10,unknown,,,false,false`,
    );
  });
});
