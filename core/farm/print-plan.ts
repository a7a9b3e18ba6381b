import type { PrintTargetPlan } from '../../shared/contract/print-schemas.ts';
import type { PrinterState } from '../../shared/printer-state.ts';
import { proposePrinterMapping } from '../printing/ams-mapping.ts';
import { isBusy } from '../printing/await-job-start.ts';
import type { ThreeMfInfo, ThreeMfPlate } from '../threemf/read-threemf.ts';
import { modelMismatch, slicedForModel } from '../threemf/sliced-for.ts';

/** What the plan needs to know about one printer. */
export interface PlanPrinter {
  readonly id: string;
  readonly name: string;
  /** True when the engine's link to it is up. */
  readonly online: boolean;
  readonly state: PrinterState | null;
}

/**
 * One printer for one plate: whether it can take it now (and why not), its loaded trays (AMS,
 * then external spools) and the mapping proposed by material then colour, the external spool only
 * for a filament no AMS tray fits. Printers sliced for another model are
 * `incompatible`; a busy printer can still be sent the file ("send only").
 */
export function planTarget(
  info: ThreeMfInfo,
  plate: ThreeMfPlate,
  printer: PlanPrinter,
): PrintTargetPlan {
  const state = printer.state;
  const { trays, proposal } = proposePrinterMapping(plate.filaments, state);
  const base = {
    printerId: printer.id,
    trays: trays.map((t) => ({ ...t })),
    mapping: trays.length === 0 ? [] : [...proposal.mapping],
    matches: proposal.matches.map((m) => ({
      filamentId: m.filamentId,
      tray: m.tray?.tray ?? null,
      quality: m.material,
    })),
    complete: trays.length > 0 && proposal.complete,
  };
  const mismatch = modelMismatch(info, plate, state?.model ?? null);
  if (mismatch) {
    const sliced = slicedForModel(info, plate) ?? 'another model';
    return {
      ...base,
      readiness: 'incompatible',
      reason: `plate ${plate.index} was sliced for the ${sliced}, not for ${printer.name}'s ${state?.model ?? 'model'}: slice it for this model`,
    };
  }
  if (!printer.online || !state) {
    return {
      ...base,
      readiness: 'offline',
      reason: `${printer.name} is not connected: check that it is on and reachable`,
    };
  }
  if (isBusy(state)) {
    return {
      ...base,
      readiness: 'busy',
      reason: `${printer.name} is busy (${state.gcodeState}${state.jobName ? `: ${state.jobName}` : ''}): send only, or wait for the job to end`,
    };
  }
  return { ...base, readiness: 'ready', reason: null };
}
