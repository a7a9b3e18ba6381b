import type { ControlAccess } from '../../shared/contract/farm-schemas.ts';
import type { PlateSummary } from '../../shared/contract/print-schemas.ts';
import type { BedState } from '../../shared/contract/printer-queue-schema.ts';
import type { FilamentRule, QueueTarget } from '../../shared/contract/queue-schemas.ts';
import type { PrinterState } from '../../shared/printer-state.ts';

/** One printer as the dispatch rules see it (queue-rules.ts). */
export interface RulePrinter {
  id: string;
  serial: string;
  name: string;
  /** Engine link up. */
  online: boolean;
  /** `refused`: Developer Mode is off. */
  control: ControlAccess;
  state: PrinterState | null;
  bed: BedState;
  waiveBedCheck: boolean;
  tags: readonly string[];
  /** A queue copy is dispatched or printing on it. */
  hasActiveCopy: boolean;
  /** This instance holds its lease: only these get assignments. */
  controlled: boolean;
}

/** One queued job as the dispatch rules see it. */
export interface RuleJob {
  id: string;
  fileName: string;
  plate: PlateSummary;
  target: QueueTarget;
  filamentRule: FilamentRule;
  priority: number;
  position: number;
  notBefore: number | null;
  createdAt: number;
  /** Copies still to hand out. */
  queuedCopies: number;
}

/** One copy to start: `amsMapping` is what `print:start` sends (null: external spool, no AMS). */
export interface Assignment {
  printerId: string;
  serial: string;
  jobId: string;
  amsMapping: number[] | null;
}

export interface DispatchPlan {
  assignments: Assignment[];
  /** serial -> why the dispatcher skips it now (null: it may take work / nothing to say) */
  exclusions: Map<string, string | null>;
  /** jobId -> why its next copy waits (null: not waiting) */
  waiting: Map<string, string | null>;
}
