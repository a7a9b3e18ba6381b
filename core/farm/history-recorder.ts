import { createHash } from 'node:crypto';
import type { PlateFilament } from '../../shared/contract/print-schemas.ts';
import type {
  FailureReason,
  FilamentReport,
  HistoryRecord,
  JobResult,
} from '../../shared/contract/records-schemas.ts';
import type { JobObservation } from './job-observation.ts';
import type { FarmLogger } from './ports.ts';
import type { CompletedJobInput, HistoryStore } from './records-port.ts';

/** `gcode_state` values of a job in progress. */
const ACTIVE = new Set(['PREPARE', 'SLICING', 'RUNNING', 'PAUSE', 'INIT']);
/** print_error of a job a person stopped (`0300400C`: the task was canceled). */
const CANCELLED_ERRORS = new Set(['0300_400C', '0500_400E']);
/** Progress is written at most this often while printing (every start, pause and end at once). */
const PROGRESS_WRITE_MS = 30_000;
/** A Farmdeck start is matched to the job the printer reports within this time. */
const START_MATCH_MS = 15 * 60_000;

/** What Farmdeck knows of a job it is starting on a printer. */
export interface FarmdeckStart {
  fileName: string;
  plate: number;
  libraryFileId: string | null;
  filaments: readonly PlateFilament[];
  at: number;
}

export interface RecorderDeps {
  store: () => HistoryStore | null;
  /** A JPEG of the printer's camera now, null when it has none. */
  snapshot: (printerId: string) => Promise<Buffer | null>;
  publish: (record: HistoryRecord) => void;
  logger: FarmLogger;
  now: () => number;
}

interface Tracked {
  record: HistoryRecord;
  lastWrite: number;
  dirty: boolean;
}

interface PrinterTrack {
  current: Tracked | null;
  /** False until the printer's running records in the database were reconciled. */
  reconciled: boolean;
  /** Serialises the printer's database work. */
  chain: Promise<void>;
  lastState: string | null;
}

/**
 * Turns printer state changes into history records, whoever started the job: a record is created
 * when a job starts, updated as it progresses and closed when it finishes, fails or is cancelled.
 * After a restart it continues the printer's running record (no duplicate) and closes records of
 * jobs that ended while no Farmdeck was watching. While the database is away, the latest record of
 * each printer stays in memory and is written when it returns.
 */
export class HistoryRecorder {
  private readonly printers = new Map<string, PrinterTrack>();
  private readonly starts = new Map<string, FarmdeckStart>();

  constructor(private readonly deps: RecorderDeps) {}

  /** Farmdeck is about to start `start` on a printer: its file and filaments go into the record. */
  noteStart(printerId: string, start: FarmdeckStart): void {
    this.starts.set(printerId, start);
  }

  /** Feeds one observation of a printer (after each coalesced batch). */
  observe(obs: JobObservation): void {
    if (!obs.online || obs.gcodeState === null) return;
    const track = this.track(obs.printerId);
    if (track.reconciled && obs.gcodeState === track.lastState && !this.progressed(track, obs)) {
      return;
    }
    const previous = track.lastState;
    track.lastState = obs.gcodeState;
    this.enqueue(track, () => this.step(track, obs, previous));
  }

  /** The database is back (or ready at start): write what waited and reconcile again. */
  resume(): void {
    for (const track of this.printers.values()) {
      this.enqueue(track, async () => {
        if (track.current?.dirty) await this.write(track.current, true);
      });
    }
  }

  forget(printerId: string): void {
    this.printers.delete(printerId);
    this.starts.delete(printerId);
  }

  /**
   * Stops following a printer's job (another instance records it) without its start note: the
   * next observation reconciles with the database again and continues that instance's record.
   */
  letGo(printerId: string): void {
    this.printers.delete(printerId);
  }

  /** Adds a job that already happened (demo history, imports) through the same store. */
  async addCompleted(input: CompletedJobInput): Promise<HistoryRecord> {
    const store = this.requireStore();
    const record: HistoryRecord = {
      id: recordId(input.printerSerial, `done:${input.startedAt}:${input.jobName}`),
      printerId: input.printerId,
      printerName: input.printerName,
      printerSerial: input.printerSerial,
      printerModel: input.printerModel,
      jobName: input.jobName,
      fileName: input.fileName,
      plate: input.plate,
      libraryFileId: input.libraryFileId ?? null,
      startedByFarmdeck: input.startedByFarmdeck ?? false,
      startedAt: input.startedAt,
      endedAt: input.endedAt,
      durationSeconds: Math.round((input.endedAt - input.startedAt) / 1000),
      result: input.result,
      failure: input.failure ?? null,
      layerReached: input.layerReached ?? null,
      totalLayers: input.totalLayers ?? null,
      percent: input.result === 'finished' ? 100 : null,
      filament: input.filament ?? unknownFilament(),
      hasSnapshot: false,
      demo: input.demo ?? false,
      updatedAt: this.deps.now(),
    };
    await store.save(record);
    this.deps.publish(record);
    return record;
  }

  /** Waits for every pending write (tests, shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.printers.values()].map((t) => t.chain));
  }

  private track(printerId: string): PrinterTrack {
    let track = this.printers.get(printerId);
    if (!track) {
      track = { current: null, reconciled: false, chain: Promise.resolve(), lastState: null };
      this.printers.set(printerId, track);
    }
    return track;
  }

  private progressed(track: PrinterTrack, obs: JobObservation): boolean {
    const r = track.current?.record;
    if (!r) return ACTIVE.has(obs.gcodeState ?? '');
    return (
      (obs.layer ?? 0) > (r.layerReached ?? 0) ||
      (obs.percent ?? 0) !== (r.percent ?? 0) ||
      !sameJob(r, obs)
    );
  }

  private enqueue(track: PrinterTrack, task: () => Promise<void>): void {
    track.chain = track.chain.then(task).catch((err: unknown) => {
      this.deps.logger.warn(`history: ${(err as Error).message}`);
    });
  }

  private async step(
    track: PrinterTrack,
    obs: JobObservation,
    previous: string | null,
  ): Promise<void> {
    const state = obs.gcodeState ?? '';
    if (!track.reconciled) {
      if (!(await this.reconcile(track, obs))) return;
    }
    const current = track.current;
    if (current && !sameJob(current.record, obs)) {
      await this.close(track, current, 'unknown', obs);
    }
    if (ACTIVE.has(state)) {
      if (!track.current) track.current = this.begin(obs);
      this.progress(track.current, obs);
      const pauseChange = (state === 'PAUSE') !== (previous === 'PAUSE');
      await this.write(track.current, pauseChange);
      return;
    }
    if (!track.current) return;
    if (state === 'FINISH') await this.close(track, track.current, 'finished', obs);
    else if (state === 'FAILED') await this.close(track, track.current, failedResult(obs), obs);
    else {
      // Back to IDLE without FINISH/FAILED: some firmwares do this on a stop from the screen.
      const done = (track.current.record.percent ?? 0) >= 100;
      await this.close(track, track.current, done ? 'finished' : 'cancelled', obs);
    }
  }

  /**
   * First contact with the database for a printer: continues its running record when the printer is
   * still on that job, closes it when the job ended unseen. False when the database is unavailable.
   */
  private async reconcile(track: PrinterTrack, obs: JobObservation): Promise<boolean> {
    const store = this.deps.store();
    if (!store) return false;
    let running: HistoryRecord[];
    try {
      running = await store.running(obs.serial);
    } catch (err) {
      this.deps.logger.warn(`history: ${(err as Error).message}`);
      return false;
    }
    track.reconciled = true;
    const state = obs.gcodeState ?? '';
    const onJob = ACTIVE.has(state) || state === 'FINISH' || state === 'FAILED';
    for (const record of running) {
      const tracked: Tracked = { record, lastWrite: this.deps.now(), dirty: false };
      if (onJob && sameJob(record, obs) && !track.current) {
        track.current = tracked;
        continue;
      }
      await this.close(track, tracked, 'unknown', obs);
    }
    return true;
  }

  private begin(obs: JobObservation): Tracked {
    const now = this.deps.now();
    const start = this.starts.get(obs.printerId);
    const ours =
      start && now - start.at < START_MATCH_MS && matchesStart(start, obs) ? start : null;
    if (ours) this.starts.delete(obs.printerId);
    const startedAt = obs.printerStartedAt ?? now;
    const record: HistoryRecord = {
      id: recordId(obs.serial, obs.jobKey ?? `seen:${startedAt}:${obs.jobName}`),
      printerId: obs.printerId,
      printerName: obs.printerName,
      printerSerial: obs.serial,
      printerModel: obs.model,
      jobName: obs.jobName || obs.fileName || 'unnamed job',
      fileName: ours?.fileName ?? (obs.fileName || obs.jobName || 'unknown'),
      plate: ours?.plate ?? obs.plate,
      libraryFileId: ours?.libraryFileId ?? null,
      startedByFarmdeck: ours !== null,
      startedAt,
      endedAt: null,
      durationSeconds: 0,
      result: 'running',
      failure: null,
      layerReached: null,
      totalLayers: obs.totalLayers,
      percent: null,
      filament: ours ? plannedFilament(ours.filaments) : unknownFilament(),
      hasSnapshot: false,
      demo: false,
      updatedAt: now,
    };
    return { record, lastWrite: 0, dirty: true };
  }

  private progress(tracked: Tracked, obs: JobObservation): void {
    const r = tracked.record;
    const layer = Math.max(r.layerReached ?? 0, obs.layer ?? 0);
    const next: HistoryRecord = {
      ...r,
      printerName: obs.printerName,
      printerModel: obs.model ?? r.printerModel,
      layerReached: layer > 0 ? layer : r.layerReached,
      totalLayers: obs.totalLayers && obs.totalLayers > 0 ? obs.totalLayers : r.totalLayers,
      percent: obs.percent ?? r.percent,
    };
    if (next.layerReached !== r.layerReached || next.percent !== r.percent) tracked.dirty = true;
    tracked.record = next;
  }

  private async close(
    track: PrinterTrack,
    tracked: Tracked,
    result: Exclude<JobResult, 'running'>,
    obs: JobObservation,
  ): Promise<void> {
    if (track.current === tracked) track.current = null;
    const now = this.deps.now();
    const r = tracked.record;
    const onThisJob = sameJob(r, obs);
    const layer = onThisJob ? Math.max(r.layerReached ?? 0, obs.layer ?? 0) : r.layerReached;
    const percent =
      result === 'finished' ? 100 : onThisJob ? (obs.percent ?? r.percent) : r.percent;
    tracked.record = {
      ...r,
      endedAt: now,
      durationSeconds: Math.max(0, Math.round((now - r.startedAt) / 1000)),
      result,
      layerReached: layer && layer > 0 ? layer : null,
      percent,
      failure:
        result === 'failed' || result === 'cancelled' ? failureOf(obs, result, onThisJob) : null,
      filament: usedFilament(r.filament, result, percent),
      updatedAt: now,
    };
    tracked.dirty = true;
    await this.write(tracked, true);
    if (onThisJob && result !== 'unknown') void this.takeSnapshot(tracked);
  }

  private async takeSnapshot(tracked: Tracked): Promise<void> {
    const r = tracked.record;
    try {
      const jpeg = await this.deps.snapshot(r.printerId);
      const store = this.deps.store();
      if (!jpeg || !store) return;
      await store.saveSnapshot(r.id, jpeg, this.deps.now());
      tracked.record = { ...tracked.record, hasSnapshot: true };
      this.deps.publish(tracked.record);
    } catch (err) {
      this.deps.logger.info(`history: no end snapshot for ${r.jobName}: ${(err as Error).message}`);
    }
  }

  private async write(tracked: Tracked, force: boolean): Promise<void> {
    const now = this.deps.now();
    if (!force && now - tracked.lastWrite < PROGRESS_WRITE_MS && tracked.lastWrite > 0) return;
    if (!tracked.dirty && !force) return;
    const store = this.deps.store();
    tracked.record = { ...tracked.record, updatedAt: now };
    this.deps.publish(tracked.record);
    if (!store) return; // kept dirty: written when the database returns
    try {
      await store.save(tracked.record);
      tracked.lastWrite = now;
      tracked.dirty = false;
    } catch (err) {
      this.deps.logger.warn(`history: ${(err as Error).message}`);
    }
  }

  private requireStore(): HistoryStore {
    const store = this.deps.store();
    if (!store) throw new Error('the history database is not available');
    return store;
  }
}

/** Record id from the printer's serial and the job's identity: the same on every instance. */
export function recordId(serial: string, key: string): string {
  return `h-${createHash('sha256').update(`${serial}\n${key}`).digest('hex').slice(0, 32)}`;
}

function sameJob(record: HistoryRecord, obs: JobObservation): boolean {
  if (obs.jobKey !== null) return record.id === recordId(obs.serial, obs.jobKey);
  return record.jobName === (obs.jobName || obs.fileName || 'unnamed job');
}

function matchesStart(start: FarmdeckStart, obs: JobObservation): boolean {
  // The printer names the job after the uploaded file, which Farmdeck renamed (`two_plates`).
  const stem = (s: string) =>
    s
      .toLowerCase()
      .replace(/(\.gcode)?\.3mf$/, '')
      .replace(/[^a-z0-9]+/g, '');
  const sent = stem(start.fileName);
  if (obs.jobName === '' && obs.fileName === '') return true;
  return [obs.jobName, obs.fileName].some((n) => stem(n).length > 0 && stem(n) === sent);
}

function failedResult(obs: JobObservation): 'failed' | 'cancelled' {
  const code = obs.state?.printError?.code ?? null;
  return code !== null && CANCELLED_ERRORS.has(code) ? 'cancelled' : 'failed';
}

function failureOf(
  obs: JobObservation,
  result: 'failed' | 'cancelled',
  onThisJob: boolean,
): FailureReason {
  const error = onThisJob ? (obs.state?.printError ?? null) : null;
  const hms = onThisJob ? (obs.state?.hms ?? []) : [];
  const printError = error ? parseInt(error.code.replace('_', ''), 16) : null;
  const firstHms = hms[0];
  const summary =
    error && !CANCELLED_ERRORS.has(error.code)
      ? error.message
      : firstHms
        ? `HMS ${firstHms.code}: ${firstHms.message}`
        : result === 'cancelled'
          ? 'Cancelled'
          : 'Failed (the printer gave no reason)';
  return {
    printError: Number.isFinite(printError) ? printError : null,
    printErrorCode: error?.code ?? null,
    printErrorText: error?.message ?? null,
    hms: hms.map((h) => ({ code: h.code, text: h.message })),
    summary,
  };
}

function unknownFilament(): FilamentReport {
  return { source: 'unknown', items: [], totalGrams: null };
}

function plannedFilament(filaments: readonly PlateFilament[]): FilamentReport {
  const items = filaments.map((f) => ({
    slot: f.id,
    material: f.type || 'unknown',
    color: f.color || null,
    grams: f.grams,
  }));
  return { source: 'file', items, totalGrams: sum(items.map((i) => i.grams)) };
}

/** The sliced grams, scaled by progress for a job that stopped early. */
function usedFilament(
  planned: FilamentReport,
  result: JobResult,
  percent: number | null,
): FilamentReport {
  if (planned.source !== 'file' || result === 'finished') return planned;
  const share = percent === null ? null : Math.max(0, Math.min(100, percent)) / 100;
  const items = planned.items.map((i) => ({
    ...i,
    grams: i.grams === null || share === null ? null : Math.round(i.grams * share * 10) / 10,
  }));
  return { source: 'file', items, totalGrams: sum(items.map((i) => i.grams)) };
}

function sum(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : Math.round(known.reduce((a, b) => a + b, 0) * 10) / 10;
}
