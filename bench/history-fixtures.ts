import { createHash } from 'node:crypto';
import type { HistoryRecord, JobResult } from '../shared/contract/records-schemas.ts';

const MATERIALS = [
  { material: 'PLA', color: '#FFFFFF' },
  { material: 'PLA', color: '#000000' },
  { material: 'PETG', color: '#FF6A13' },
  { material: 'PETG HF', color: '#1E90FF' },
  { material: 'ABS', color: '#808080' },
  { material: 'TPU', color: '#00AE42' },
];
const MODELS = ['X1C', 'P1S', 'P1P', 'A1', 'A1 mini', 'H2D', 'P2S'];
const REASONS = [
  'Filament runout',
  'Spaghetti detected',
  'Nozzle clog',
  'First layer failed',
  'HMS 0300_0100_0001_0007',
];

/**
 * Deterministic synthetic history: job `i` of `count` spread over `printers` printers, starting
 * evenly over [from, from + spanMs). For benchmarks and storage tests.
 */
export function syntheticRecord(
  i: number,
  opts: { printers: number; from: number; spanMs: number; count: number },
): HistoryRecord {
  const printer = i % opts.printers;
  const hash = createHash('sha1').update(String(i)).digest();
  const r = hash[0]! / 255;
  const result: JobResult = r < 0.82 ? 'finished' : r < 0.94 ? 'failed' : 'cancelled';
  const startedAt = Math.floor(opts.from + (i / opts.count) * opts.spanMs);
  const durationMs = (20 + (hash[1]! % 240)) * 60_000;
  const m = MATERIALS[hash[2]! % MATERIALS.length]!;
  const grams = 5 + (hash[3]! % 200);
  const files = 300;
  return {
    id: `bench-${i}`,
    printerId: `p-${printer}`,
    printerName: `Printer ${String(printer + 1).padStart(3, '0')}`,
    printerSerial: `SN${String(printer).padStart(6, '0')}`,
    printerModel: MODELS[printer % MODELS.length]!,
    jobName: `part-${hash[4]! % files}`,
    fileName: `part-${hash[4]! % files}.gcode.3mf`,
    plate: 1,
    libraryFileId: null,
    startedByFarmdeck: hash[5]! % 2 === 0,
    startedAt,
    endedAt: startedAt + durationMs,
    durationSeconds: durationMs / 1000,
    result,
    failure:
      result === 'finished'
        ? null
        : {
            printError: null,
            printErrorCode: null,
            printErrorText: null,
            hms: [],
            summary: result === 'cancelled' ? 'Cancelled' : REASONS[hash[6]! % REASONS.length]!,
          },
    layerReached: 100,
    totalLayers: 120,
    percent: result === 'finished' ? 100 : 60,
    filament: {
      source: 'file',
      items: [{ slot: 1, material: m.material, color: m.color, grams }],
      totalGrams: grams,
    },
    hasSnapshot: false,
    demo: false,
    updatedAt: startedAt + durationMs,
  };
}
