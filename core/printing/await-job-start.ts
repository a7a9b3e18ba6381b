import type { PrinterState } from '../../shared/printer-state.ts';
import type { PrinterLink } from '../mqtt/printer-link.ts';
import { PrintStartError } from './print-error.ts';

/** The part of a PrinterLink that starting a print needs. */
export type PrintLink = Pick<
  PrinterLink,
  'serial' | 'state' | 'report' | 'printProjectFile' | 'on' | 'off'
>;

const BUSY = new Set(['PREPARE', 'RUNNING', 'PAUSE', 'SLICING']);

/** True while a job occupies the printer: a new `project_file` would be refused (or worse). */
export function isBusy(state: PrinterState | null): boolean {
  return state !== null && state.gcodeState !== null && BUSY.has(state.gcodeState);
}

/** Throws `busy` when the printer is running a job; `offline` when its state is unknown. */
export function assertCanStart(link: PrintLink): void {
  const state = link.state;
  if (!state || !state.online) {
    throw new PrintStartError(
      'offline',
      `printer ${link.serial} is not connected: check that it is on and reachable, then retry`,
    );
  }
  if (isBusy(state)) {
    throw new PrintStartError(
      'busy',
      `printer ${link.serial} is busy (${state.gcodeState}${state.jobName ? `: ${state.jobName}` : ''}): wait for the job to end or stop it first`,
    );
  }
}

/** The job a `project_file` asked for, as the printer will report it. */
export interface ExpectedJob {
  /** `subtask_name` sent. */
  readonly jobName: string;
  /** File on the printer's storage, e.g. `jobs/cube.gcode.3mf`. */
  readonly fileName: string;
}

/** A watch on the printer's state for the job to show; `cancel` removes its listener. */
export interface JobStartWatch {
  /**
   * Resolves with the first state showing the job (`gcode_state` PREPARE/RUNNING with our
   * `subtask_name` or `gcode_file`); rejects with PrintStartError `print-error` when a new
   * `print_error` or FAILED appears. Has no timer: the caller decides how long to wait.
   */
  readonly shown: Promise<PrinterState>;
  cancel(): void;
}

/** True when `state` (and the raw report) show the expected job running or preparing. */
export function showsJob(
  state: PrinterState,
  report: Readonly<Record<string, unknown>> | null,
  job: ExpectedJob,
): boolean {
  if (state.gcodeState !== 'PREPARE' && state.gcodeState !== 'RUNNING') return false;
  if (state.jobName === job.jobName) return true;
  const base = job.fileName.slice(job.fileName.lastIndexOf('/') + 1);
  return [report?.['gcode_file'], report?.['file']].some(
    (f) =>
      typeof f === 'string' &&
      f !== '' &&
      (f === job.fileName || f.endsWith(`/${base}`) || f === base),
  );
}

/**
 * Follows the printer's state after `project_file` (quirks.md: the reply may be late or never
 * come, the state is what confirms a start). `before` is the state when the command was sent,
 * so an old error is not taken for a new one.
 */
export function watchJobStart(
  link: PrintLink,
  job: ExpectedJob,
  before: PrinterState | null,
): JobStartWatch {
  let cancel = (): void => undefined;
  const shown = new Promise<PrinterState>((resolve, reject) => {
    const oldError = before?.printError?.code ?? null;
    const wasFailed = before?.gcodeState === 'FAILED';
    const check = (s: PrinterState): void => {
      if (showsJob(s, link.report, job)) {
        cancel();
        resolve(s);
        return;
      }
      const err = s.printError;
      const newError = err !== null && err.code !== oldError;
      const newFailure = s.gcodeState === 'FAILED' && (!wasFailed || newError);
      if (newError || (newFailure && err !== null)) {
        cancel();
        reject(
          new PrintStartError(
            'print-error',
            `printer ${link.serial} refused to start ${job.jobName}: ${err.code} ${err.message}`,
            { printError: err.code },
          ),
        );
      }
    };
    cancel = () => link.off('state', check);
    link.on('state', check);
  });
  return { shown, cancel: () => cancel() };
}
