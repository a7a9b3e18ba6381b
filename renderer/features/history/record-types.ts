// PLACEHOLDER until i14-store's records contract lands: these mirror the shapes the views need and are
// replaced by the contract's types (shared/contract) when it is merged.

export type JobResult = 'finished' | 'failed' | 'cancelled';

export interface JobFilament {
  type: string | null;
  color: string | null;
  grams: number | null;
}

export interface JobRecord {
  id: string;
  printerId: string;
  printerName: string;
  model: string | null;
  jobName: string | null;
  fileName: string | null;
  plate: number | null;
  startedAt: number;
  endedAt: number | null;
  durationSeconds: number | null;
  result: JobResult | null;
  failureReason: string | null;
  layer: number | null;
  totalLayers: number | null;
  filaments: JobFilament[];
  libraryFileId: string | null;
  demo: boolean;
}

export interface LibraryPlate {
  index: number;
  predictionSeconds: number | null;
  weightGrams: number | null;
  thumbnail: string | null;
  filaments: JobFilament[];
}

export interface LibraryFile {
  id: string;
  name: string;
  bytes: number;
  addedAt: number;
  plates: LibraryPlate[];
  models: string[];
  timesPrinted: number;
  successRate: number | null;
  lastPrintedAt: number | null;
}

export interface LibraryUsage {
  bytes: number;
  capBytes: number;
  files: number;
}

export interface StatsFilter {
  printerId: string | null;
  model: string | null;
  material: string | null;
  file: string | null;
}

export interface StatsBucket {
  /** Bucket start, ms. */
  t: number;
  finished: number;
  failed: number;
  cancelled: number;
  printSeconds: number;
}

export interface StatsData {
  bucketMs: number;
  totals: {
    jobs: number;
    finished: number;
    failed: number;
    cancelled: number;
    printSeconds: number;
    filamentGrams: number;
  };
  series: StatsBucket[];
  utilisation: { printerId: string; printerName: string; cells: (number | null)[] }[];
  filament: { material: string; color: string | null; grams: number }[];
  failureReasons: { reason: string; count: number }[];
  /** True when any record counted is demo data. */
  demo: boolean;
}
