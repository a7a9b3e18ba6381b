/**
 * The dispatcher's decision alone (core/farm/queue-rules.ts `planDispatch`): 500 printers and
 * 1,000 queued jobs, states built from the simulator's captured templates through the engine's
 * merge path (StateKeeper), with varied AMS loadouts, job states, beds, groups and targets.
 *
 * Measures, wall and CPU time per call:
 * - `cold`: the first call of the process (no cached tray answers);
 * - `steady`: the same farm again (what a tick costs when nothing changed);
 * - `churn`: 10 % of the printers report between calls (new state objects), as in a running farm;
 * - `stress`: every job its own colours and every printer its own loadout (nothing shared).
 *
 * Run: `npm run bench:queue-plan` (or `node dist/bench/queue-plan.js [runs=60]` after a build).
 */
import { performance } from 'node:perf_hooks';
import { planDispatch, type RuleJob, type RulePrinter } from '../core/farm/queue-rules.ts';
import { StateKeeper } from '../core/mqtt/state-keeper.ts';
import { installProcessGuards } from '../core/util/process-guard.ts';
import type { FilamentRule, QueueTarget } from '../shared/contract/queue-schemas.ts';
import type { PrinterState } from '../shared/printer-state.ts';
import { buildTemplate } from '../sim/templates.ts';
import type { SimModel } from '../sim/virtual-printer-api.ts';
import { percentile, machineLoad } from './queue-bench-stats.ts';

installProcessGuards('bench queue-plan');
const RUNS = Number(process.argv[2] ?? 60);
const PRINTERS = 500;
const JOBS = 1000;

/** Deterministic PRNG (mulberry32), so every run plans the same farm. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(15);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;

const MODELS: readonly SimModel[] = ['P1S', 'P1S', 'X1C', 'A1', 'P2S', 'H2D', 'P1P'];
const PALETTE: readonly [string, string][] = [
  ['PLA', '000000'],
  ['PLA', 'FFFFFF'],
  ['PLA', 'C12E1F'],
  ['PLA', '00AE42'],
  ['PLA', '0A2989'],
  ['PLA', 'F4EE2A'],
  ['PETG', '000000'],
  ['PETG', 'FFFFFF'],
  ['PETG HF', '1E90FF'],
  ['ABS', '000000'],
  ['ABS', '87909A'],
  ['PLA Matte', '7D6556'],
];
const GCODE_STATES = [
  'RUNNING',
  'RUNNING',
  'RUNNING',
  'RUNNING',
  'FINISH',
  'IDLE',
  'FAILED',
  'PAUSE',
  'PREPARE',
];

type Json = Record<string, unknown>;

/** A printer's state as the engine builds it: template `print` + `get_version` through StateKeeper. */
function stateOf(
  model: SimModel,
  serial: string,
  colours: (i: number) => [string, string],
): PrinterState {
  const { print, modules } = buildTemplate(model, serial, '127.0.0.1');
  print['gcode_state'] = pick(GCODE_STATES);
  const ams = (print['ams'] as Json | undefined)?.['ams'] as Json[] | undefined;
  for (const tray of ((ams?.[0]?.['tray'] as Json[] | undefined) ?? []).slice(0, 4)) {
    const [type, hex] = colours(Number(tray['id']));
    Object.assign(tray, { tray_type: type, tray_color: `${hex}FF`, cols: [`${hex}FF`] });
  }
  const keeper = new StateKeeper(serial);
  keeper.setOnline(true);
  keeper.ingest({ info: { command: 'get_version', sequence_id: '0', module: modules } }, 1);
  keeper.ingest({ print: { ...print, command: 'push_status', msg: 0, sequence_id: '1' } }, 2);
  if (!keeper.state) throw new Error(`no state for the ${model} template`);
  return keeper.state;
}

function farm(distinct: boolean): { printers: RulePrinter[]; jobs: RuleJob[] } {
  const printers: RulePrinter[] = [];
  for (let i = 0; i < PRINTERS; i++) {
    const model = MODELS[i % MODELS.length] as SimModel;
    const serial = `BENCH${String(i).padStart(6, '0')}`;
    const colours = (slot: number): [string, string] =>
      distinct
        ? [
            pick(PALETTE)[0],
            (((i * 4 + slot) * 2654435761) % 0xffffff).toString(16).padStart(6, '0'),
          ]
        : pick(PALETTE);
    printers.push({
      id: `p-${i}`,
      serial,
      name: `Rack ${String.fromCharCode(65 + Math.floor(i / 50))} ${(i % 50) + 1}`,
      online: random() > 0.02,
      control: random() > 0.02 ? 'allowed' : 'refused',
      state: stateOf(model, serial, colours),
      bed: random() > 0.3 ? 'clear' : 'needs-clearing',
      waiveBedCheck: random() > 0.95,
      tags: [`Rack ${String.fromCharCode(65 + Math.floor(i / 50))}`],
      hasActiveCopy: false,
      controlled: true,
    });
  }
  const plates = Array.from({ length: distinct ? JOBS : 60 }, (_, n) => {
    const count = 1 + Math.floor(random() * 3);
    return {
      index: 1,
      predictionSeconds: 3600,
      weightGrams: 30,
      totalLayers: 200,
      filaments: Array.from({ length: count }, (_, k) => {
        const [type, hex] = pick(PALETTE);
        const color = distinct
          ? (((n * 7 + k) * 40503) % 0xffffff).toString(16).padStart(6, '0')
          : hex;
        return { id: k + 1, type, color: `#${color.toUpperCase()}`, grams: 10 };
      }),
      slicedFor: pick(MODELS),
      nozzleDiameter: 0.4,
      thumbnail: null,
    };
  });
  const rules: FilamentRule[] = ['exact-color', 'same-material', 'ignore-color'];
  const jobs: RuleJob[] = Array.from({ length: JOBS }, (_, n) => {
    const r = random();
    const target: QueueTarget =
      r < 0.7
        ? { kind: 'any' }
        : r < 0.9
          ? { kind: 'group', group: `Rack ${String.fromCharCode(65 + Math.floor(random() * 10))}` }
          : { kind: 'printers', serials: [pick(printers).serial, pick(printers).serial] };
    return {
      id: `job-${n}`,
      fileName: `part-${n % 60}.gcode.3mf`,
      plate: plates[n % plates.length] ?? (plates[0] as RuleJob['plate']),
      target,
      filamentRule: pick(rules),
      priority: Math.floor(random() * 5) - 2,
      position: n,
      notBefore: random() > 0.95 ? Date.now() + 3_600_000 : null,
      createdAt: n,
      queuedCopies: 1 + Math.floor(random() * 5),
    };
  });
  return { printers, jobs };
}

function measure(
  runs: number,
  printers: () => readonly RulePrinter[],
  jobs: readonly RuleJob[],
): { wallMs: number[]; cpuMs: number[]; assignments: number } {
  const wallMs: number[] = [];
  const cpuMs: number[] = [];
  let assignments = 0;
  for (let i = 0; i < runs; i++) {
    const ps = printers();
    const cpu = process.cpuUsage();
    const t = performance.now();
    const plan = planDispatch(ps, jobs, Date.now(), { paused: false });
    wallMs.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    cpuMs.push((used.user + used.system) / 1000);
    assignments = plan.assignments.length;
  }
  return { wallMs, cpuMs, assignments };
}

const summary = (m: ReturnType<typeof measure>) => ({
  wallP50Ms: Number(percentile(m.wallMs, 50).toFixed(2)),
  wallP95Ms: Number(percentile(m.wallMs, 95).toFixed(2)),
  cpuP50Ms: Number(percentile(m.cpuMs, 50).toFixed(2)),
  cpuP95Ms: Number(percentile(m.cpuMs, 95).toFixed(2)),
  assignments: m.assignments,
});

const load = machineLoad();
const shared = farm(false);
const cold = measure(1, () => shared.printers, shared.jobs);
const steady = measure(RUNS, () => shared.printers, shared.jobs);
const churn = measure(
  RUNS,
  () =>
    shared.printers.map((p) =>
      random() < 0.1 && p.state ? { ...p, state: { ...p.state, updatedAt: Date.now() } } : p,
    ),
  shared.jobs,
);
const stressFarm = farm(true);
const stressCold = measure(1, () => stressFarm.printers, stressFarm.jobs);
const stress = measure(RUNS, () => stressFarm.printers, stressFarm.jobs);

console.log(
  JSON.stringify(
    {
      printers: PRINTERS,
      jobs: JOBS,
      runs: RUNS,
      free: shared.printers.filter((p) =>
        ['IDLE', 'FINISH', 'FAILED'].includes(p.state?.gcodeState ?? ''),
      ).length,
      cold: summary(cold),
      steady: summary(steady),
      churn10pct: summary(churn),
      stressCold: summary(stressCold),
      stress: summary(stress),
      loadBefore: load,
      loadAfter: machineLoad(),
      node: process.version,
    },
    null,
    2,
  ),
);
