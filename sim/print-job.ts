import type { JobParams } from './job-params.ts';
import type { JsonObject } from './templates.ts';

/** `gcode_state` values the simulator produces (mqtt.md §6.1). */
export type GcodeState = 'IDLE' | 'PREPARE' | 'RUNNING' | 'PAUSE' | 'FINISH' | 'FAILED';

/** `print_error` codes (hms.md §2.3). */
export const PRINT_ERROR = {
  cancelled: 0x0300400c,
  busy: 0x05004004,
  unsupportedPath: 0x05004002,
  storage: 0x0500c010,
} as const;

/** `spd_lvl` → `spd_mag` (percent of standard speed). */
export const SPEED_MAGNITUDE: Readonly<Record<number, number>> = { 1: 50, 2: 100, 3: 124, 4: 166 };

/** Stage id shown while paused by the user (mqtt.md §6.3). */
const STAGE_PAUSED_BY_USER = 16;
/** Simulated time for the 3MF download (`gcode_file_prepare_percent` 0 → 100), ms. */
const DOWNLOAD_MS = 10_000;
/** Simulated time per preparation stage, ms. */
const STAGE_MS = 30_000;

export interface JobStart {
  file: string;
  /** 1-based plate. */
  plate: number;
  subtaskName: string;
  /** Preparation stages to walk before printing (`stg`). */
  stages: readonly number[];
  params: JobParams;
}

/**
 * The job life cycle of one printer: IDLE → PREPARE (download, then the `stg` stages) → RUNNING →
 * FINISH, with PAUSE, and FAILED on stop or error. Pure: time only moves through `tick`.
 */
export class PrintJobMachine {
  state: GcodeState = 'IDLE';
  /** Heater targets, °C; the job sets them, `gcode_line` may change them. */
  readonly targets = { nozzle: 0, bed: 0 };
  speedLevel = 2;
  printError = 0;
  job: JobStart | undefined;
  /** `s_obj`: objects skipped in the current job. */
  skipped: number[] = [];
  private elapsedPrepareMs = 0;
  /** Simulated print time done, in standard-speed ms. */
  private printedMs = 0;
  private pausedFrom: 'PREPARE' | 'RUNNING' = 'RUNNING';
  private errorClearInMs: number | undefined;

  constructor(
    private readonly idleStage: number,
    /** Wall time a transient `print_error` (cancel, busy) stays visible, ms. */
    private readonly transientErrorMs: number,
  ) {}

  /** True while a job occupies the printer (a new one is refused). */
  get busy(): boolean {
    return this.state === 'PREPARE' || this.state === 'RUNNING' || this.state === 'PAUSE';
  }

  start(job: JobStart): void {
    this.job = job;
    this.state = 'PREPARE';
    this.elapsedPrepareMs = 0;
    this.printedMs = 0;
    this.printError = 0;
    this.errorClearInMs = undefined;
    this.skipped = [];
    this.targets.nozzle = job.params.nozzleTemp;
    this.targets.bed = job.params.bedTemp;
  }

  pause(): boolean {
    if (this.state !== 'RUNNING' && this.state !== 'PREPARE') return false;
    this.pausedFrom = this.state;
    this.state = 'PAUSE';
    return true;
  }

  resume(): boolean {
    if (this.state !== 'PAUSE') return false;
    this.state = this.pausedFrom;
    return true;
  }

  /** User stop: FAILED with `print_error` 0x0300400C for a few seconds. */
  stop(): boolean {
    if (!this.busy) return false;
    this.fail(PRINT_ERROR.cancelled, true);
    return true;
  }

  /** Ends the job (or refuses to start one) with `printError`; transient errors clear themselves. */
  fail(printError: number, transient = false): void {
    this.state = 'FAILED';
    this.targets.nozzle = 0;
    this.targets.bed = 0;
    this.flagError(printError, transient);
  }

  /** Shows `printError` without changing the job (e.g. busy refusal). */
  flagError(printError: number, transient: boolean): void {
    this.printError = printError;
    this.errorClearInMs = transient ? this.transientErrorMs : undefined;
  }

  setSpeed(level: number): boolean {
    if (!(level in SPEED_MAGNITUDE)) return false;
    this.speedLevel = level;
    return true;
  }

  /** Advances by `wallMs` of real time, `wallMs * timeScale` of printer time. */
  tick(wallMs: number, timeScale: number): void {
    if (this.errorClearInMs !== undefined) {
      this.errorClearInMs -= wallMs;
      if (this.errorClearInMs <= 0) {
        this.errorClearInMs = undefined;
        this.printError = 0;
      }
    }
    const simMs = wallMs * timeScale;
    const job = this.job;
    if (!job) return;
    if (this.state === 'PREPARE') {
      // At most one step (download or stage) per tick, so every stage shows up in some report
      // even when a high timeScale or a late timer makes ticks long.
      const e = this.elapsedPrepareMs;
      const boundary =
        e < DOWNLOAD_MS ? DOWNLOAD_MS : e + STAGE_MS - ((e - DOWNLOAD_MS) % STAGE_MS);
      this.elapsedPrepareMs = Math.min(e + simMs, boundary);
      if (this.elapsedPrepareMs >= DOWNLOAD_MS + STAGE_MS * job.stages.length) {
        this.state = 'RUNNING';
      }
    } else if (this.state === 'RUNNING') {
      this.printedMs += simMs * this.speedFactor();
      if (this.printedMs >= this.totalMs(job)) {
        this.printedMs = this.totalMs(job);
        this.state = 'FINISH';
        this.targets.nozzle = 0;
        this.targets.bed = 0;
      }
    }
  }

  /** The job-related `print` fields as a printer reports them. */
  fields(): JsonObject {
    const job = this.job;
    const total = job ? this.totalMs(job) : 0;
    const progress = total > 0 ? this.printedMs / total : 0;
    const remainingMin = job
      ? Math.ceil((total - this.printedMs) / this.speedFactor() / 60_000)
      : 0;
    const layers = job?.params.totalLayers ?? 0;
    const printing = this.busy;
    return {
      gcode_state: this.state,
      print_type: job ? 'local' : 'idle',
      subtask_name: job?.subtaskName ?? '',
      stg: job ? [...job.stages] : [],
      stg_cur: this.stage(),
      gcode_file_prepare_percent: String(this.preparePercent()),
      mc_percent: Math.floor(progress * 100),
      mc_remaining_time: this.state === 'FINISH' || this.state === 'FAILED' ? 0 : remainingMin,
      layer_num: this.state === 'PREPARE' ? 0 : Math.min(layers, Math.ceil(progress * layers)),
      total_layer_num: layers,
      mc_print_stage: printing ? '2' : '1',
      print_error: this.printError,
      spd_lvl: this.speedLevel,
      spd_mag: SPEED_MAGNITUDE[this.speedLevel] ?? 100,
      s_obj: [...this.skipped],
    };
  }

  private stage(): number {
    const job = this.job;
    if (this.state === 'PAUSE') return STAGE_PAUSED_BY_USER;
    if (this.state === 'RUNNING') return 0;
    if (this.state !== 'PREPARE' || !job) return this.idleStage;
    const inStages = this.elapsedPrepareMs - DOWNLOAD_MS;
    if (inStages < 0) return this.idleStage;
    return job.stages[Math.min(job.stages.length - 1, Math.floor(inStages / STAGE_MS))] ?? 0;
  }

  private preparePercent(): number {
    if (!this.job || this.state === 'IDLE') return 0;
    if (this.state === 'PREPARE' || (this.state === 'PAUSE' && this.pausedFrom === 'PREPARE')) {
      return Math.min(100, Math.floor((this.elapsedPrepareMs / DOWNLOAD_MS) * 100));
    }
    return 100;
  }

  private speedFactor(): number {
    return (SPEED_MAGNITUDE[this.speedLevel] ?? 100) / 100;
  }

  private totalMs(job: JobStart): number {
    return Math.max(1, job.params.minutes) * 60_000;
  }
}
