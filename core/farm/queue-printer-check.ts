import type { HmsEntry, HmsSeverity, PrinterState } from '../../shared/printer-state.ts';
import { isBusy } from '../printing/await-job-start.ts';
import type { RulePrinter } from './queue-rule-types.ts';

/** Why a printer takes no job now, whatever the job. */
export type BlockKind = 'offline' | 'control' | 'busy' | 'state' | 'hms' | 'bed';

export interface PrinterBlock {
  readonly kind: BlockKind;
  /** For the printer's card; null when there is nothing to act on (it is printing). */
  readonly printer: string | null;
  /** For a job's "waiting": a few words about the printer. */
  readonly job: string;
}

/**
 * HMS severities that stop dispatch. `fatal` and `serious` are what Bambu Studio shows as errors
 * (a jam, a homing or heater fault, a nozzle clog…): starting a job on them fails or damages
 * something. `common` and `info` are warnings and notices (humidity, a filament runout on an idle
 * AMS slot, first-layer inspection hints) that a new job may well print through; `unknown` is a
 * code the table cannot rate, so it does not stop the farm either.
 */
export const BLOCKING_HMS: ReadonlySet<HmsSeverity> = new Set<HmsSeverity>(['fatal', 'serious']);

/** The first active HMS condition that stops dispatch, or null. */
export function blockingHms(state: PrinterState): HmsEntry | null {
  return state.hms.find((h) => BLOCKING_HMS.has(h.severity)) ?? null;
}

/** `gcode_state`s that take a new job: idle, or the last job finished or failed. */
const FREE_STATES: ReadonlySet<string> = new Set(['IDLE', 'FINISH', 'FAILED']);

const BED_TEXT = {
  'needs-clearing': 'bed not cleared: confirm it on the card',
  unknown: 'bed not confirmed clear yet: confirm it on the card',
  'in-use': 'bed still holds the last job: confirm it is clear on the card',
} as const;

/**
 * Why `p` can take no job now, in order: offline, Developer Mode off, busy (printing, paused,
 * preparing, or a queue copy on it), a state that is not idle/finished/failed, a blocking HMS
 * error, a bed not confirmed clear (unless waived). Null when it may take a job.
 */
export function printerBlock(p: RulePrinter): PrinterBlock | null {
  const state = p.state;
  if (!p.online || !state?.online) {
    return {
      kind: 'offline',
      printer: 'offline: check that it is on and reachable',
      job: 'offline',
    };
  }
  if (p.control === 'refused') {
    return {
      kind: 'control',
      printer: 'Developer Mode is off: enable LAN-only mode and Developer Mode on the printer',
      job: 'Developer Mode off',
    };
  }
  if (isBusy(state) || p.hasActiveCopy) return { kind: 'busy', printer: null, job: 'printing' };
  const gcode = state.gcodeState?.toUpperCase() ?? null;
  if (gcode === null || !FREE_STATES.has(gcode)) {
    return {
      kind: 'state',
      printer: `state ${gcode ?? 'not reported yet'}: waits until the printer reports idle`,
      job: 'not idle',
    };
  }
  const hms = blockingHms(state);
  if (hms) {
    return {
      kind: 'hms',
      printer: `HMS error ${hms.code}: ${hms.message}`,
      job: `HMS error ${hms.code}`,
    };
  }
  if (!p.waiveBedCheck && p.bed !== 'clear') {
    return { kind: 'bed', printer: BED_TEXT[p.bed], job: 'bed not cleared' };
  }
  return null;
}
