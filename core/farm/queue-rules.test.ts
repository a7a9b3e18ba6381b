import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlateSummary } from '../../shared/contract/print-schemas.ts';
import type { PrinterState } from '../../shared/printer-state.ts';
import { amsTrays, capturedState } from '../../test/support/fixture-states.ts';
import { readThreeMf } from '../threemf/read-threemf.ts';
import { plateSummary } from './plate-summary.ts';
import { planDispatch, type RuleJob, type RulePrinter } from './queue-rules.ts';

const NOW = new Date(2026, 11, 5, 12, 0).getTime();

// Real states (captures through the merge path), edited where a test needs another condition.
const a1 = (edit?: Parameters<typeof capturedState>[1]): PrinterState => capturedState('a1', edit);
/** A1: IDLE, AMS Lite PLA #76D9F4 / #FFF144 / #FF80FF / #0ACC38, external PLA #FFFFFF, 0.4 mm. */
const A1 = a1();
/** X1C: FINISH; AMS 1 PLA black/browns, AMS 2 ABS, AMS 2 Pro ABS, AMS HT PA-CF black. */
const X1C = capturedState('x1c');
/** P1P: FAILED; AMS 4 × PLA #D357FE; external PLA #161616. */
const P1P = capturedState('p1p');
/** H2D: RUNNING, two nozzles. */
const H2D_RUNNING = capturedState('h2d');

let serials = 0;
function printer(state: PrinterState | null, over: Partial<RulePrinter> = {}): RulePrinter {
  serials += 1;
  const serial = over.serial ?? `SN${String(serials).padStart(4, '0')}`;
  return {
    id: `p-${serial}`,
    serial,
    name: over.name ?? `Printer ${serials}`,
    online: true,
    control: 'allowed',
    state,
    bed: 'clear',
    waiveBedCheck: false,
    tags: [],
    hasActiveCopy: false,
    controlled: true,
    ...over,
  };
}

function plate(
  filaments: { type: string; color: string; id?: number }[],
  slicedFor: string | null,
  nozzleDiameter: number | null = 0.4,
): PlateSummary {
  return {
    index: 1,
    predictionSeconds: 600,
    weightGrams: 10,
    totalLayers: 10,
    filaments: filaments.map((f, i) => ({
      id: f.id ?? i + 1,
      type: f.type,
      color: f.color,
      grams: 5,
    })),
    slicedFor,
    nozzleDiameter,
    thumbnail: null,
  };
}

let jobs = 0;
function job(p: PlateSummary, over: Partial<RuleJob> = {}): RuleJob {
  jobs += 1;
  return {
    id: `job-${jobs}`,
    fileName: 'bracket.gcode.3mf',
    plate: p,
    target: { kind: 'any' },
    filamentRule: 'exact-color',
    priority: 0,
    position: jobs,
    notBefore: null,
    createdAt: NOW - 1000,
    queuedCopies: 1,
    ...over,
  };
}

const plan = (ps: RulePrinter[], js: RuleJob[], paused = false) =>
  planDispatch(ps, js, NOW, { paused });

const A1_CYAN = plate([{ type: 'PLA', color: '#76D9F4' }], 'A1');

describe('planDispatch: a printer takes a job only when it can', () => {
  it('gives an idle A1 with a clear bed the job, with the AMS Lite tray as mapping', () => {
    const p = printer(A1);
    const j = job(plate([{ type: 'PLA', color: '#FFF144', id: 2 }], 'A1'));
    const out = plan([p], [j]);
    expect(out.assignments).toEqual([
      { printerId: p.id, serial: p.serial, jobId: j.id, amsMapping: [-1, 1] },
    ]);
    expect(out.exclusions.get(p.serial)).toBeNull();
    expect(out.waiting.get(j.id)).toBeNull();
  });

  it('takes finished and failed printers (X1C FINISH, P1P FAILED) as free', () => {
    const x1c = printer(X1C);
    const p1p = printer(P1P);
    const out = plan(
      [x1c, p1p],
      [
        job(plate([{ type: 'PLA', color: '#000000' }], 'X1C')),
        job(plate([{ type: 'PLA', color: '#D357FE' }], 'P1P')),
      ],
    );
    expect(out.assignments.map((a) => [a.serial, a.amsMapping])).toEqual([
      [x1c.serial, [0]],
      [p1p.serial, [0]],
    ]);
  });

  it('never gives work to a printing, paused or preparing printer, or one with a queue copy', () => {
    const running = printer(H2D_RUNNING);
    const paused = printer(a1((p) => (p['gcode_state'] = 'PAUSE')));
    const preparing = printer(a1((p) => (p['gcode_state'] = 'PREPARE')));
    const copy = printer(A1, { hasActiveCopy: true });
    const j = job(plate([{ type: 'PLA', color: '#000000' }], null, null), {
      filamentRule: 'ignore-color',
      queuedCopies: 4,
    });
    const out = plan([running, paused, preparing, copy], [j]);
    expect(out.assignments).toEqual([]);
    for (const p of [running, paused, preparing, copy]) {
      expect(out.exclusions.get(p.serial)).toBeNull();
    }
    expect(out.waiting.get(j.id)).toBe('all 4 printers that can print it: printing');
  });

  it('waits for a state it knows: no gcode_state yet is not idle', () => {
    const p = printer(a1((print) => delete print['gcode_state']));
    const out = plan([p], [job(A1_CYAN)]);
    expect(out.assignments).toEqual([]);
    expect(out.exclusions.get(p.serial)).toMatch(/^state not reported yet/);
  });

  it('skips an offline printer and one refusing control, saying why', () => {
    const offline = printer(A1, { online: false });
    const refused = printer(A1, { control: 'refused' });
    const j = job(A1_CYAN, { queuedCopies: 2 });
    const out = plan([offline, refused], [j]);
    expect(out.assignments).toEqual([]);
    expect(out.exclusions.get(offline.serial)).toBe('offline: check that it is on and reachable');
    expect(out.exclusions.get(refused.serial)).toBe(
      'Developer Mode is off: enable LAN-only mode and Developer Mode on the printer',
    );
    expect(out.waiting.get(j.id)).toBe(
      'offline (1 of 2 printers that can print it); Developer Mode off (1)',
    );
  });

  it('stops on a fatal or serious HMS error, not on a common one', () => {
    // 0300_1200_0002_0001 (serious): the toolhead's front cover fell off.
    const serious = printer(a1((p) => (p['hms'] = [{ attr: 0x03001200, code: 0x00020001 }])));
    // 0300_9600_0003_0001 (common): the front door is open.
    const common = printer(a1((p) => (p['hms'] = [{ attr: 0x03009600, code: 0x00030001 }])));
    const j = job(A1_CYAN, { queuedCopies: 2 });
    const out = plan([serious, common], [j]);
    expect(out.assignments.map((a) => a.serial)).toEqual([common.serial]);
    expect(out.exclusions.get(serious.serial)).toBe(
      'HMS error 0300_1200_0002_0001: The front cover of the toolhead fell off.',
    );
  });

  it('waits for the bed to be confirmed clear, unless the check is waived', () => {
    const dirty = printer(A1, { bed: 'needs-clearing' });
    const unknown = printer(A1, { bed: 'unknown' });
    const waived = printer(A1, { bed: 'needs-clearing', waiveBedCheck: true });
    const j = job(A1_CYAN, { queuedCopies: 3 });
    const out = plan([dirty, unknown, waived], [j]);
    expect(out.assignments.map((a) => a.serial)).toEqual([waived.serial]);
    expect(out.exclusions.get(dirty.serial)).toBe('bed not cleared: confirm it on the card');
    expect(out.exclusions.get(unknown.serial)).toBe(
      'bed not confirmed clear yet: confirm it on the card',
    );
    expect(out.waiting.get(j.id)).toBeNull();
  });

  it('needs the model the plate was sliced for (real files), saying which', async () => {
    const dir = join(import.meta.dirname, '..', '..', 'test', 'fixtures-3mf');
    const info = await readThreeMf(join(dir, 'bambustudio-2.04-a1mini-two-filaments.gcode.3mf'));
    const mini = plateSummary(info, info.plates[0]!, null);
    const p = printer(A1);
    const j = job(mini, { fileName: 'Cube.gcode.3mf' });
    const out = plan([p], [j]);
    expect(out.assignments).toEqual([]);
    expect(out.exclusions.get(p.serial)).toBe('sliced for the A1 mini, this is an A1');
    expect(out.waiting.get(j.id)).toBe(`${p.name}: sliced for the A1 mini, not the A1`);
  });

  it('needs the nozzle diameter of the plate when both are known', () => {
    const wide = printer(a1((p) => (p['nozzle_diameter'] = '0.6')));
    const out = plan([wide], [job(A1_CYAN)]);
    expect(out.assignments).toEqual([]);
    expect(out.exclusions.get(wide.serial)).toBe('nozzle 0.6 mm, plate needs 0.4 mm');
    // A plate that does not say (kept before Farmdeck read it) fits any nozzle.
    const unknown = job(plate([{ type: 'PLA', color: '#76D9F4' }], 'A1', null));
    expect(plan([wide], [unknown]).assignments).toHaveLength(1);
  });
});

describe('planDispatch: filament rules', () => {
  // X1C trays: 0 PLA #000000, 1 PLA #7D6556, 2 PLA #4D3324, 3 PLA #AE835B, 4-7 ABS, 9-11 ABS,
  // 128 PA-CF #000000.
  const red = plate([{ type: 'PLA', color: '#FF0000' }], 'X1C');

  it('exact-color needs the material in a colour within the same-colour distance', () => {
    const p = printer(X1C);
    const j = job(red, { filamentRule: 'exact-color' });
    const out = plan([p], [j]);
    expect(out.assignments).toEqual([]);
    expect(out.exclusions.get(p.serial)).toBe('lacks PLA (#FF0000) for bracket.gcode.3mf');
    // #4D3324 is near #3F2B1F (a brown): it is the same colour on a spool.
    const brown = job(plate([{ type: 'PLA', color: '#3F2B1F' }], 'X1C'));
    expect(plan([p], [brown]).assignments[0]?.amsMapping).toEqual([2]);
  });

  it('same-material takes the material in any colour, nearest first', () => {
    const out = plan([printer(X1C)], [job(red, { filamentRule: 'same-material' })]);
    // Redmean puts the dark brown #4D3324 nearest to red.
    expect(out.assignments[0]?.amsMapping).toEqual([2]);
  });

  it('same-material refuses another of the family; ignore-color takes it', () => {
    const hf = plate([{ type: 'PLA Matte', color: '#000000' }], 'X1C');
    const p = printer(X1C);
    const strict = plan([p], [job(hf, { filamentRule: 'same-material' })]);
    expect(strict.assignments).toEqual([]);
    expect(strict.exclusions.get(p.serial)).toBe('lacks PLA Matte for bracket.gcode.3mf');
    const loose = plan([p], [job(hf, { filamentRule: 'ignore-color' })]);
    expect(loose.assignments[0]?.amsMapping).toEqual([0]);
  });

  it('maps several filaments, AMS HT included, or names the one missing', () => {
    const p = printer(X1C);
    const two = plate(
      [
        { type: 'ABS', color: '#FFFFFF' },
        { type: 'PA-CF', color: '#000000' },
      ],
      'X1C',
    );
    expect(plan([p], [job(two)]).assignments[0]?.amsMapping).toEqual([6, 128]);
    const petg = plate(
      [
        { type: 'ABS', color: '#FFFFFF' },
        { type: 'PETG', color: '#000000' },
      ],
      'X1C',
    );
    expect(plan([p], [job(petg)]).exclusions.get(p.serial)).toBe(
      'lacks PETG (#000000) for bracket.gcode.3mf',
    );
  });

  it('uses the external spool only for a filament no AMS tray fits; alone it sends no mapping', () => {
    // P1P: AMS all PLA #D357FE; external spool PLA #161616.
    const p = printer(P1P);
    const black = plan([p], [job(plate([{ type: 'PLA', color: '#161616' }], 'P1P'))]);
    expect(black.assignments[0]?.amsMapping).toBeNull();
    const both = plate(
      [
        { type: 'PLA', color: '#D357FE' },
        { type: 'PLA', color: '#161616' },
      ],
      'P1P',
    );
    expect(plan([p], [job(both)]).assignments[0]?.amsMapping).toEqual([0, 255]);
    // Same material, any colour: the AMS tray is taken before the external spool.
    const any = job(plate([{ type: 'PLA', color: '#161616' }], 'P1P'), {
      filamentRule: 'same-material',
    });
    expect(plan([p], [any]).assignments[0]?.amsMapping).toEqual([0]);
  });

  it('H2D: the left nozzle external spool (254) feeds what the AMS lacks, and is sent', () => {
    const h2d = capturedState('h2d', (print) => {
      print['gcode_state'] = 'FINISH';
      const left = (print['vir_slot'] as Record<string, unknown>[]).find((s) => s['id'] === '254');
      if (!left) throw new Error('no left external spool in the capture');
      Object.assign(left, { tray_type: 'PETG', tray_color: 'FF0000FF', cols: ['FF0000FF'] });
    });
    const p = printer(h2d);
    const j = job(
      plate(
        [
          { type: 'PLA', color: '#FFFFFF' },
          { type: 'PETG', color: '#FF0000' },
          { type: 'PETG', color: '#000000' },
        ],
        'H2D',
      ),
    );
    expect(plan([p], [j]).assignments[0]?.amsMapping).toEqual([0, 254, 3]);
  });

  it('reads a changed AMS tray through the merge path', () => {
    const petg = a1((print) => {
      const tray = amsTrays(print)[3];
      if (tray)
        Object.assign(tray, { tray_type: 'PETG', tray_color: '000000FF', cols: ['000000FF'] });
    });
    const j = job(plate([{ type: 'PETG', color: '#000000' }], 'A1'));
    expect(plan([printer(petg)], [j]).assignments[0]?.amsMapping).toEqual([3]);
  });
});

describe('planDispatch: order, copies, targets', () => {
  it('takes jobs by priority, then position, then age', () => {
    const low = job(A1_CYAN, { priority: 0, position: 1 });
    const high = job(A1_CYAN, { priority: 5, position: 9 });
    const later = job(A1_CYAN, { priority: 5, position: 10 });
    const older = job(A1_CYAN, { priority: 5, position: 10, createdAt: NOW - 5000 });
    const p = printer(A1);
    expect(plan([p], [low, later, older, high]).assignments.map((a) => a.jobId)).toEqual([high.id]);
    const two = [printer(A1), printer(A1), printer(A1)];
    expect(plan(two, [low, later, older]).assignments.map((a) => a.jobId)).toEqual([
      older.id,
      later.id,
      low.id,
    ]);
  });

  it('a free printer takes the first job it can print, skipping those it cannot', () => {
    const petg = job(plate([{ type: 'PETG', color: '#000000' }], 'A1'), { priority: 9 });
    const pla = job(A1_CYAN);
    const p = printer(A1);
    const out = plan([p], [petg, pla]);
    expect(out.assignments.map((a) => a.jobId)).toEqual([pla.id]);
    expect(out.waiting.get(petg.id)).toBe(`${p.name}: lacks PETG (#000000)`);
  });

  it('hands out at most the queued copies, one job per printer', () => {
    const ps = [printer(A1), printer(A1), printer(A1), printer(A1)];
    const two = job(A1_CYAN, { queuedCopies: 2 });
    const five = job(A1_CYAN, { queuedCopies: 5 });
    const none = job(A1_CYAN, { queuedCopies: 0, priority: 50 });
    const out = plan(ps, [two, five, none]);
    expect(out.assignments.map((a) => [a.serial, a.jobId])).toEqual([
      [ps[0]?.serial, two.id],
      [ps[1]?.serial, two.id],
      [ps[2]?.serial, five.id],
      [ps[3]?.serial, five.id],
    ]);
    expect(out.waiting.get(none.id)).toBeNull();
    expect(out.waiting.get(five.id)).toBeNull();
  });

  it('waits for "not before", and takes the job once it is due', () => {
    const later = job(A1_CYAN, { notBefore: new Date(2026, 11, 5, 14, 5).getTime(), priority: 9 });
    const tomorrow = job(A1_CYAN, { notBefore: new Date(2026, 11, 6, 8, 0).getTime() });
    const due = job(A1_CYAN, { notBefore: NOW - 1 });
    const out = plan([printer(A1), printer(A1)], [later, tomorrow, due]);
    expect(out.assignments.map((a) => a.jobId)).toEqual([due.id]);
    expect(out.waiting.get(later.id)).toBe('not before 14:05');
    expect(out.waiting.get(tomorrow.id)).toBe('not before 6 Dec 08:00');
  });

  it('keeps a group job on the printers of that group (any case)', () => {
    const rackA = printer(A1, { tags: ['Rack A'] });
    const other = printer(A1, { tags: ['Rack B'] });
    const j = job(A1_CYAN, { target: { kind: 'group', group: 'rack a' }, queuedCopies: 2 });
    const out = plan([other, rackA], [j]);
    expect(out.assignments.map((a) => a.serial)).toEqual([rackA.serial]);
    const none = job(A1_CYAN, { target: { kind: 'group', group: 'PETG printers' } });
    expect(plan([other, rackA], [none]).waiting.get(none.id)).toBe(
      'no printer in group PETG printers: add the group to printers on their cards',
    );
  });

  it('keeps a job on the named printers, by serial', () => {
    const one = printer(A1);
    const two = printer(A1);
    const j = job(A1_CYAN, {
      target: { kind: 'printers', serials: [two.serial] },
      queuedCopies: 2,
    });
    expect(plan([one, two], [j]).assignments.map((a) => a.serial)).toEqual([two.serial]);
    const gone = job(A1_CYAN, { target: { kind: 'printers', serials: ['01P00A999999999'] } });
    const out = plan([one, two], [gone]);
    expect(out.assignments).toEqual([]);
    expect(out.waiting.get(gone.id)).toBe(
      'none of the chosen printers (01P00A999999999) is in this farm',
    );
    // The free printers are not excluded by a job that does not want them.
    expect(out.exclusions.get(one.serial)).toBeNull();
  });

  it('leaves printers another instance controls to it', () => {
    const theirs = printer(A1, { controlled: false });
    const j = job(A1_CYAN);
    const out = plan([theirs], [j]);
    expect(out.assignments).toEqual([]);
    expect(out.exclusions.has(theirs.serial)).toBe(false);
    expect(out.waiting.get(j.id)).toBe(`${theirs.name}: controlled by another Farmdeck instance`);
  });

  it('gives nothing while paused, and says so', () => {
    const p = printer(A1);
    const j = job(A1_CYAN);
    const out = plan([p], [j], true);
    expect(out.assignments).toEqual([]);
    expect(out.waiting.get(j.id)).toBe('queue paused');
    expect(out.exclusions.get(p.serial)).toBe('queue paused: resume it in the Queue view');
  });
});

describe('planDispatch: why a job waits', () => {
  it('says no printer has the filament, for the farm or the group', () => {
    const ps = [printer(A1), printer(A1, { tags: ['Rack A'] }), printer(A1, { tags: ['Rack A'] })];
    const petg = plate([{ type: 'PETG', color: '#000000' }], 'A1');
    const any = job(petg);
    const group = job(petg, { target: { kind: 'group', group: 'Rack A' } });
    const out = plan(ps, [any, group]);
    expect(out.waiting.get(any.id)).toBe('no printer has PETG (#000000) loaded');
    expect(out.waiting.get(group.id)).toBe('no printer in group Rack A has PETG (#000000) loaded');
    expect(out.exclusions.get(ps[0]?.serial ?? '')).toBe(
      'lacks PETG (#000000) for bracket.gcode.3mf',
    );
  });

  it('summarises different reasons: the most common with its count', () => {
    const ps = [
      printer(a1((p) => (p['nozzle_diameter'] = '0.6'))),
      printer(a1((p) => (p['nozzle_diameter'] = '0.6'))),
      printer(X1C),
      printer(A1, { online: false, state: null }),
    ];
    const j = job(plate([{ type: 'PLA', color: '#76D9F4' }], 'A1'));
    expect(plan(ps, [j]).waiting.get(j.id)).toBe(
      'nozzle 0.6 mm, needs 0.4 mm (2 of 4 printers); sliced for the A1, not the X1C (1) and 1 more reason',
    );
  });

  it('speaks of the compatible printers when some can print it later', () => {
    const ps = [
      printer(A1, { bed: 'needs-clearing' }),
      printer(A1, { bed: 'needs-clearing' }),
      printer(a1((p) => (p['gcode_state'] = 'RUNNING'))),
      printer(X1C),
    ];
    const j = job(A1_CYAN);
    expect(plan(ps, [j]).waiting.get(j.id)).toBe(
      'bed not cleared (2 of 3 printers that can print it); printing (1)',
    );
    const first = job(A1_CYAN, { priority: 1 });
    const free = [printer(A1)];
    const out = plan(free, [first, j]);
    expect(out.waiting.get(j.id)).toBe(`${free[0]?.name}: taking earlier jobs`);
  });
});

describe('planDispatch at farm scale', () => {
  it('500 printers and 1,000 jobs: every copy and printer at most once, in queue order', () => {
    const states = [A1, X1C, P1P, a1((p) => (p['nozzle_diameter'] = '0.6'))];
    const ps = Array.from({ length: 500 }, (_, i) =>
      printer(states[i % 4] ?? A1, {
        bed: i % 7 === 0 ? 'needs-clearing' : 'clear',
        tags: i % 2 === 0 ? ['even'] : [],
      }),
    );
    const plates = [
      A1_CYAN,
      plate([{ type: 'PLA', color: '#000000' }], 'X1C'),
      plate([{ type: 'PLA', color: '#D357FE' }], 'P1P'),
      plate([{ type: 'PETG', color: '#123456' }], 'A1'),
    ];
    const js = Array.from({ length: 1000 }, (_, i) =>
      job(plates[i % 4] ?? A1_CYAN, {
        priority: i % 3,
        queuedCopies: 1 + (i % 2),
        target: i % 5 === 0 ? { kind: 'group', group: 'even' } : { kind: 'any' },
      }),
    );
    const out = plan(ps, js);
    const bySerial = new Set(out.assignments.map((a) => a.serial));
    expect(bySerial.size).toBe(out.assignments.length);
    const perJob = new Map<string, number>();
    for (const a of out.assignments) perJob.set(a.jobId, (perJob.get(a.jobId) ?? 0) + 1);
    for (const j of js) expect(perJob.get(j.id) ?? 0).toBeLessThanOrEqual(j.queuedCopies);
    // Free with a clear bed: the A1s, X1Cs and P1Ps (the 0.6 mm A1s print none of the plates).
    const eligible = ps.filter((_p, i) => i % 7 !== 0 && i % 4 !== 3).length;
    expect(out.assignments).toHaveLength(eligible);
    const petg = js.filter((_j, i) => i % 4 === 3);
    expect(petg.every((j) => !perJob.has(j.id))).toBe(true);
    expect(out.waiting.get(petg[0]?.id ?? '')).toMatch(/lacks PETG \(#123456\)/);
    // Higher priorities went first: a job got a printer only when every higher-priority job of
    // the same plate (any printer) had all its copies handed out.
    for (const a of out.assignments) {
      const mine = js.find((j) => j.id === a.jobId);
      const before = js.filter(
        (j) =>
          j.plate === mine?.plate && j.target.kind === 'any' && j.priority > (mine?.priority ?? 0),
      );
      for (const b of before) expect(perJob.get(b.id)).toBe(b.queuedCopies);
    }
  });
});
