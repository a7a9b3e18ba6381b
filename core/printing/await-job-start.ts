import type { PrinterState } from '../../shared/printer-state.ts';
import type { PrinterLink } from '../mqtt/printer-link.ts';
import { PrintStartError } from './print-error.ts';

/** The part of a PrinterLink that starting a print needs (a fake can stand in for tests). */
export type PrintLink = Pick<PrinterLink, 'serial' | 'state' | 'printProjectFile' | 'on' | 'off'>;

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

/**
 * Follows the printer's state after `project_file` until it reports the job (PREPARE or
 * RUNNING with our job name), or a new `print_error` / FAILED, or `timeoutMs` passes.
 * `before` is the state when the command was sent, so an old error is not taken for a new one.
 */
export function awaitJobStart(
  link: PrintLink,
  jobName: string,
  before: PrinterState | null,
  timeoutMs: number,
): Promise<PrinterState> {
  return new Promise((resolve, reject) => {
    const oldError = before?.printError?.code ?? null;
    const wasFailed = before?.gcodeState === 'FAILED';
    const check = (s: PrinterState): void => {
      const ourJob = s.jobName === null || s.jobName === jobName;
      if ((s.gcodeState === 'PREPARE' || s.gcodeState === 'RUNNING') && ourJob) {
        done();
        resolve(s);
        return;
      }
      const err = s.printError;
      const newError = err !== null && err.code !== oldError;
      const newFailure = s.gcodeState === 'FAILED' && (!wasFailed || newError);
      if (newError || (newFailure && err !== null)) {
        done();
        reject(
          new PrintStartError(
            'print-error',
            `printer ${link.serial} refused to start ${jobName}: ${err.code} ${err.message}`,
            { printError: err.code },
          ),
        );
      }
    };
    const timer = setTimeout(() => {
      done();
      reject(
        new PrintStartError(
          'no-start',
          `printer ${link.serial} accepted ${jobName} but did not report the job within ${Math.round(timeoutMs / 1000)} s: check its screen`,
        ),
      );
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      link.off('state', check);
    };
    link.on('state', check);
  });
}
