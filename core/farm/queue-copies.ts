import type { PrinterState } from '../../shared/printer-state.ts';
import type { ControlAccess } from '../../shared/contract/farm-schemas.ts';
import { isBusy } from '../printing/await-job-start.ts';
import { recordId } from './history-recorder.ts';
import { observeJob } from './job-observation.ts';

/** One printer of this instance as the queue sees it. */
export interface QueuePrinter {
  id: string;
  name: string;
  serial: string;
  /** The engine's link to it is up. */
  online: boolean;
  control: ControlAccess;
  state: PrinterState | null;
  /** The merged raw `print` report (job identity for the history record id). */
  report: Readonly<Record<string, unknown>> | null;
}

/** print_error codes of a job a person stopped. */
const CANCELLED = new Set(['0300_400C', '0500_400E']);

/** True when the printer's state is known and shows no job running, preparing or paused. */
export function isFree(p: QueuePrinter): boolean {
  return p.online && p.state !== null && p.state.gcodeState !== null && !isBusy(p.state);
}

export function isBusyNow(p: QueuePrinter): boolean {
  return p.online && isBusy(p.state);
}

/** How a copy printing on a printer that is no longer busy ended, read from its state. */
export function printEnd(
  p: QueuePrinter,
): { result: 'done' } | { result: 'failed'; reason: string } {
  const state = p.state;
  const gcode = state?.gcodeState ?? null;
  if (gcode === 'FINISH') return { result: 'done' };
  if (gcode !== 'FAILED' && (state?.progress ?? 0) >= 100) return { result: 'done' };
  const error = state?.printError ?? null;
  const hms = state?.hms[0];
  if (error && CANCELLED.has(error.code)) {
    return { result: 'failed', reason: `cancelled on ${p.name}` };
  }
  if (error) return { result: 'failed', reason: `failed on ${p.name}: ${error.message}` };
  if (hms)
    return { result: 'failed', reason: `failed on ${p.name}: HMS ${hms.code}: ${hms.message}` };
  if (gcode === 'FAILED')
    return { result: 'failed', reason: `failed on ${p.name} (the printer gave no reason)` };
  return { result: 'failed', reason: `stopped on ${p.name} before it finished` };
}

/**
 * Id of the history record the recorder keeps for the printer's current job (the same on every
 * instance); null when the printer does not identify its job.
 */
export function historyIdOf(p: QueuePrinter): string | null {
  const obs = observeJob(p, p.online, p.state, p.report);
  return obs.jobKey === null ? null : recordId(p.serial, obs.jobKey);
}
