import type { PlateSummary } from '../../shared/contract/print-schemas.ts';
import type { QueuePrinter } from './queue-copies.ts';
import type { QueueJobRow, QueuePrinterRow } from './queue-port.ts';
import { planDispatch, type RuleJob, type RulePrinter } from './queue-rules.ts';

export interface PlanInputs {
  printers: readonly QueuePrinter[];
  jobs: readonly QueueJobRow[];
  rows: ReadonlyMap<string, QueuePrinterRow>;
  /** Serials with a copy dispatched or printing. */
  active: ReadonlySet<string>;
  /** True for the printers this instance holds the lease of. */
  controlled: (serial: string) => boolean;
  /** Printers skipped for now (a send just failed), with why. */
  cooling: ReadonlyMap<string, string>;
  /** The job's plate from the library; null when the file is gone. */
  plateOf: (job: QueueJobRow) => Promise<PlateSummary | null>;
  now: number;
  paused: boolean;
}

export interface QueuePlan {
  assignments: { serial: string; jobId: string; amsMapping: number[] | null }[];
  /** Why each printer is skipped (null: it is not). */
  exclusions: Map<string, string | null>;
  /** Why each job's next copy waits (null: it does not). */
  waiting: Map<string, string | null>;
}

const FILE_GONE = 'the file is no longer in the library: remove this job and add the file again';

/** Builds the rules' view of printers and jobs from the database rows and asks them. */
export async function planQueue(input: PlanInputs): Promise<QueuePlan> {
  const printers: RulePrinter[] = input.printers
    .filter((p) => !input.cooling.has(p.serial))
    .map((p) => {
      const row = input.rows.get(p.serial);
      return {
        id: p.id,
        serial: p.serial,
        name: p.name,
        online: p.online,
        control: p.control,
        state: p.state,
        bed: row?.bed ?? 'unknown',
        waiveBedCheck: row?.waiveBedCheck ?? false,
        tags: row?.tags ?? [],
        hasActiveCopy: input.active.has(p.serial),
        controlled: input.controlled(p.serial),
      };
    });
  const jobs: RuleJob[] = [];
  const waiting = new Map<string, string | null>();
  for (const job of input.jobs) {
    const queued = job.copyRows.filter((c) => c.state === 'queued').length;
    if (queued === 0) {
      waiting.set(job.id, null);
      continue;
    }
    const plate = await input.plateOf(job);
    if (!plate) {
      waiting.set(job.id, FILE_GONE);
      continue;
    }
    jobs.push({
      id: job.id,
      fileName: job.fileName,
      plate,
      target: job.target,
      filamentRule: job.filamentRule,
      priority: job.priority,
      position: job.position,
      notBefore: job.notBefore,
      createdAt: job.createdAt,
      queuedCopies: queued,
    });
  }
  const decision = planDispatch(printers, jobs, input.now, { paused: input.paused });
  for (const [jobId, why] of decision.waiting) waiting.set(jobId, why);
  const exclusions = new Map<string, string | null>();
  for (const p of input.printers) {
    exclusions.set(
      p.serial,
      input.cooling.get(p.serial) ?? decision.exclusions.get(p.serial) ?? null,
    );
  }
  return {
    assignments: decision.assignments.map((a) => ({
      serial: a.serial,
      jobId: a.jobId,
      amsMapping: a.amsMapping,
    })),
    exclusions,
    waiting,
  };
}
