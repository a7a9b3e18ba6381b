// The demo's generated history: a few weeks of past jobs on the virtual printers, so the History and
// Statistics views have something to show. Every record is marked `demo: true` (the views label it)
// and goes in through the engine's records service, the same store path as live jobs.
import type { CompletedJobInput, RecordsPort } from '../core/farm/records-port.ts';
import type { FailureReason, FilamentUse } from '../shared/contract/records-schemas.ts';
import { formatPrintErrorCode, hmsText, printErrorText } from '../shared/hms.ts';

/** A printer of the demo farm, as the generated jobs name it. */
export interface DemoPrinter {
  id: string;
  name: string;
  serial: string;
  model: string;
}

export interface DemoHistoryOptions {
  /** Days of history before `now` (default 21). */
  days?: number;
  /** Seed of the generator: the same seed gives the same history (default 14). */
  seed?: number;
}

const HOUR = 3_600_000;

const FILES = [
  'gear-housing',
  'cable-clip x24',
  'vase-spiral',
  'bracket-v3',
  'lithophane',
  'enclosure-lid',
  'hinge-pin x8',
  'desk-organizer',
  'fan-duct',
  'phone-stand',
  'camera-mount',
  'spool-holder',
];

const FILAMENTS: readonly { material: string; color: string; weight: number }[] = [
  { material: 'PLA', color: '#F2F2F2', weight: 5 },
  { material: 'PLA', color: '#161616', weight: 5 },
  { material: 'PLA', color: '#F0781E', weight: 2 },
  { material: 'PETG', color: '#1EA096', weight: 3 },
  { material: 'PETG HF', color: '#2850E0', weight: 2 },
  { material: 'ABS', color: '#8A8D91', weight: 2 },
  { material: 'TPU', color: '#C8102E', weight: 1 },
  { material: 'ASA', color: '#FFD100', weight: 1 },
];

/** Print errors behind the generated failures (`print_error` values), most frequent first. */
const FAILURES: readonly { printError: number; hms?: string; weight: number }[] = [
  { printError: 0x03008003, weight: 5 }, // spaghetti detected
  { printError: 0x03008002, weight: 3 }, // first layer defects
  { printError: 0x03004006, weight: 2 }, // nozzle clogged
  { printError: 0x07008007, weight: 2 }, // extrusion failed
  { printError: 0x03008004, weight: 1 }, // filament ran out
  { printError: 0, hms: '0300_0100_0001_0007', weight: 1 }, // heatbed sensor
];
const CANCELLED = 0x0300400c;

/** mulberry32: a small seeded generator, so the demo's history is the same every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T extends { weight: number }>(items: readonly T[], r: number): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let x = r * total;
  for (const item of items) {
    x -= item.weight;
    if (x < 0) return item;
  }
  return items[items.length - 1] as T;
}

function failureOf(printError: number, hms: string | undefined): FailureReason {
  const code = printError === 0 ? null : formatPrintErrorCode(printError);
  const text = code === null ? null : printErrorText(code.replace('_', ''));
  const hmsMessage = hms ? hmsText(hms.replace(/_/g, '')) : null;
  // Worded as the recorder words a live failure: the print error's text, else the first HMS.
  const summary =
    printError === CANCELLED
      ? 'Cancelled'
      : (text ?? (hms ? `HMS ${hms}: ${hmsMessage ?? 'unknown'}` : 'Failed'));
  return {
    printError: printError === 0 ? null : printError,
    printErrorCode: code,
    printErrorText: text,
    hms: hms ? [{ code: hms, text: hmsMessage }] : [],
    summary,
  };
}

/**
 * Past jobs of each printer over the last `days` days, back to back with idle gaps: mostly finished,
 * some failed (with a print error or HMS) or cancelled, with filament from a handful of materials.
 * The fourth printer fails more often, so "which printer fails most" has an answer.
 */
export function generateDemoHistory(
  printers: readonly DemoPrinter[],
  now: number,
  options: DemoHistoryOptions = {},
): CompletedJobInput[] {
  const days = options.days ?? 21;
  const rand = random(options.seed ?? 14);
  const jobs: CompletedJobInput[] = [];
  printers.forEach((printer, p) => {
    // Busy printers idle less between jobs; the history stops an hour before the demo starts.
    const idleHours = 0.5 + (p % 4) * 1.5;
    const failRate = p === 3 ? 0.3 : 0.1;
    let t = now - days * 24 * HOUR + rand() * 6 * HOUR;
    while (true) {
      const hours = 0.5 + rand() * rand() * 9;
      const plannedEnd = t + hours * HOUR;
      if (plannedEnd > now - HOUR) break;
      const roll = rand();
      const result = roll < failRate ? 'failed' : roll < failRate + 0.06 ? 'cancelled' : 'finished';
      const share = result === 'finished' ? 1 : 0.1 + rand() * 0.8;
      const endedAt = Math.round(t + hours * HOUR * share);
      const totalLayers = 60 + Math.round(hours * 40 + rand() * 80);
      const fileName = `${FILES[Math.floor(rand() * FILES.length)] ?? 'part'}.gcode.3mf`;
      const filament = filamentFor(hours * share, rand);
      const failure =
        result === 'failed'
          ? (() => {
              const f = pick(FAILURES, rand());
              return failureOf(f.printError, f.hms);
            })()
          : result === 'cancelled'
            ? failureOf(CANCELLED, undefined)
            : null;
      jobs.push({
        printerId: printer.id,
        printerName: printer.name,
        printerSerial: printer.serial,
        printerModel: printer.model,
        jobName: fileName.replace(/\.gcode\.3mf$/, ''),
        fileName,
        plate: rand() < 0.2 ? 2 : 1,
        startedByFarmdeck: rand() < 0.6,
        startedAt: Math.round(t),
        endedAt,
        result,
        failure,
        layerReached: Math.max(1, Math.round(totalLayers * share)),
        totalLayers,
        filament: {
          source: 'file',
          items: filament,
          totalGrams: Math.round(filament.reduce((s, f) => s + (f.grams ?? 0), 0) * 10) / 10,
        },
        demo: true,
      });
      t = endedAt + (0.1 + rand() * idleHours * 2) * HOUR;
      // A quiet night now and then.
      if (rand() < 0.12) t += 8 * HOUR;
    }
  });
  return jobs.sort((a, b) => a.startedAt - b.startedAt);
}

function filamentFor(hours: number, rand: () => number): FilamentUse[] {
  const count = rand() < 0.7 ? 1 : rand() < 0.7 ? 2 : 3;
  const grams = hours * (10 + rand() * 14);
  const used: FilamentUse[] = [];
  for (let slot = 1; slot <= count; slot++) {
    const f = pick(FILAMENTS, rand());
    const share = slot === 1 ? (count === 1 ? 1 : 0.7) : 0.3 / (count - 1);
    used.push({
      slot,
      material: f.material,
      color: f.color,
      grams: Math.round(grams * share * 10) / 10,
    });
  }
  return used;
}

/** Where the generated jobs go: the engine's records service (`engine.records`). */
export interface CompletedJobSink {
  addCompletedJob(job: CompletedJobInput): Promise<unknown>;
}

/** A big demo farm gets history on its first printers only: the demo starts in seconds. */
const SEEDED_PRINTERS = 24;

/** What the seeding needs of the engine's records service. */
export interface DemoHistoryTarget extends CompletedJobSink {
  use<T>(task: (port: RecordsPort) => Promise<T>): Promise<T>;
}

/** True when the history holds no record yet (checked before the virtual printers start jobs). */
export async function historyIsEmpty(records: DemoHistoryTarget): Promise<boolean> {
  const page = await records.use((port) => port.history.list({ limit: 1 }));
  return page.total === 0;
}

/**
 * Writes the generated weeks through the engine's records service. The demo calls it only for a
 * history that was empty when it started, so a demo restarted on the same data folder keeps what it
 * had and gets no second copy. Returns the jobs added.
 */
export async function seedDemoHistory(
  records: DemoHistoryTarget,
  printers: readonly DemoPrinter[],
  now = Date.now(),
): Promise<number> {
  const jobs = generateDemoHistory(printers.slice(0, SEEDED_PRINTERS), now);
  for (const job of jobs) await records.addCompletedJob(job);
  return jobs.length;
}
