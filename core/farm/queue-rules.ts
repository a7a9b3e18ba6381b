/**
 * The dispatcher's decisions, pure (no I/O, no clock): which free printer takes which queued job
 * now, why each printer is skipped, why each job waits. The queue service feeds it the printers'
 * states and the queue, and carries the assignments out.
 *
 * A printer may take a job when it is controlled by this instance, online, Developer Mode on, not
 * busy (IDLE, FINISH or FAILED; never printing, paused or preparing), without a queue copy on it,
 * without a fatal or serious HMS error (BLOCKING_HMS), with its bed confirmed clear (or the check
 * waived); and, for that job: the job's target admits it (any / group tag / serial), the plate was
 * sliced for its model, its nozzle diameter is the plate's (when both are known), and every
 * filament of the plate has a loaded tray under the job's filament rule (queue-filament-rule.ts).
 * Jobs are looked at by priority (high first), then queue position, then age; a job whose "not
 * before" is in the future waits. Each printer gets at most one job per plan, each job at most
 * its queued copies; a printer takes the first job in that order it can print.
 *
 * Cost: answers "can printers like this print plates like that" are kept per (capability, plate
 * signature) across plans (queue-capability.ts), so a plan mostly walks lists.
 */
import type { QueueTarget } from '../../shared/contract/queue-schemas.ts';
import {
  beginPlan,
  capabilityOf,
  lacking,
  mismatchOf,
  modelName,
  signatureId,
  type Capability,
  type Need,
  type PlateSignature,
} from './queue-capability.ts';
import { filamentLabel, fitTray, mappingToSend, needQuery } from './queue-filament-rule.ts';
import { printerBlock, type PrinterBlock } from './queue-printer-check.ts';
import {
  formatTime,
  mismatchForPrinter,
  Tally,
  waitingForCompatible,
  waitingForIncompatible,
  type Mismatch,
} from './queue-reasons.ts';
import type { FilamentNeed } from './queue-filament-rule.ts';
import type { Assignment, DispatchPlan, RuleJob, RulePrinter } from './queue-rule-types.ts';

export type { Assignment, DispatchPlan, RuleJob, RulePrinter } from './queue-rule-types.ts';
export { BLOCKING_HMS } from './queue-printer-check.ts';

/** Queue order: priority desc, position asc, created asc (then id, to be total). */
export function compareJobs(a: RuleJob, b: RuleJob): number {
  return (
    b.priority - a.priority ||
    a.position - b.position ||
    a.createdAt - b.createdAt ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** A printer prepared for one plan: its block and capability. */
interface Prepared {
  readonly index: number;
  readonly p: RulePrinter;
  readonly block: PrinterBlock | null;
  readonly cap: Capability;
  readonly tags: ReadonlySet<string>;
}

/** Printers alike for a job's waiting reason: same capability, same situation now. */
interface PrinterClass {
  readonly cap: Capability;
  readonly situation: string;
  n: number;
  readonly who: string;
}

const groupKey = (g: string): string => g.trim().toLowerCase();

class Plan {
  private readonly needs = new Map<string, Need>();
  private readonly sigs = new Map<string, PlateSignature>();
  private readonly jobSig = new Map<string, PlateSignature>();
  readonly printers: Prepared[];
  private readonly byGroup = new Map<string, Prepared[]>();
  private readonly bySerial = new Map<string, Prepared>();

  constructor(printers: readonly RulePrinter[]) {
    beginPlan();
    this.printers = printers.map((p, index) => {
      const prepared: Prepared = {
        index,
        p,
        block: printerBlock(p),
        cap: capabilityOf(p.state),
        tags: new Set(p.tags.map(groupKey)),
      };
      for (const tag of prepared.tags) {
        const list = this.byGroup.get(tag);
        if (list) list.push(prepared);
        else this.byGroup.set(tag, [prepared]);
      }
      this.bySerial.set(p.serial, prepared);
      return prepared;
    });
  }

  signature(job: RuleJob): PlateSignature {
    const known = this.jobSig.get(job.id);
    if (known) return known;
    const plate = job.plate;
    const needs = plate.filaments.map((f) => this.need(f, job.filamentRule));
    const model = modelName(plate.slicedFor);
    const nozzle = plate.nozzleDiameter ?? null;
    const key = `${model ?? ''}|${nozzle ?? ''}|${needs.map((n) => n.query.key).join('|')}`;
    let sig = this.sigs.get(key);
    if (!sig) {
      sig = { key, id: signatureId(key), model, nozzle, needs };
      this.sigs.set(key, sig);
    }
    this.jobSig.set(job.id, sig);
    return sig;
  }

  private need(f: FilamentNeed, rule: RuleJob['filamentRule']): Need {
    const key = `${f.id}\u0000${f.type}\u0000${f.color}\u0000${rule}`;
    let n = this.needs.get(key);
    if (!n) {
      const need = { id: f.id, type: f.type, color: f.color };
      n = { need, query: needQuery(need, rule), missing: lacking(filamentLabel(need, rule)) };
      this.needs.set(key, n);
    }
    return n;
  }

  mapping(pr: Prepared, sig: PlateSignature): number[] | null {
    const loadout = pr.cap.loadout;
    if (!loadout) return null;
    const trays = new Map<number, number>();
    for (const n of sig.needs) trays.set(n.need.id, fitTray(n.query, loadout) ?? -1);
    return mappingToSend(trays, loadout.dualNozzle);
  }

  /** Printers the target lets the job use (controlled or not). */
  admitted(target: QueueTarget): readonly Prepared[] {
    switch (target.kind) {
      case 'any':
        return this.printers;
      case 'group':
        return this.byGroup.get(groupKey(target.group)) ?? [];
      case 'printers':
        return [...new Set(target.serials)].flatMap((s) => this.bySerial.get(s) ?? []);
    }
  }

  admits(target: QueueTarget, pr: Prepared): boolean {
    switch (target.kind) {
      case 'any':
        return true;
      case 'group':
        return pr.tags.has(groupKey(target.group));
      case 'printers':
        return target.serials.includes(pr.p.serial);
    }
  }
}

function targetKey(t: QueueTarget): string {
  switch (t.kind) {
    case 'any':
      return 'any';
    case 'group':
      return `g:${groupKey(t.group)}`;
    case 'printers':
      return `s:${[...t.serials].sort().join(',')}`;
  }
}

function scopeOf(t: QueueTarget): string {
  return t.kind === 'any'
    ? ''
    : t.kind === 'group'
      ? ` in group ${t.group}`
      : ' among the chosen printers';
}

function noPrinterFor(t: QueueTarget): string {
  switch (t.kind) {
    case 'any':
      return 'no printer in this farm';
    case 'group':
      return `no printer in group ${t.group}: add the group to printers on their cards`;
    case 'printers': {
      const shown = t.serials.slice(0, 3).join(', ');
      const more = t.serials.length > 3 ? ` and ${t.serials.length - 3} more` : '';
      return `none of the chosen printers (${shown}${more}) is in this farm`;
    }
  }
}

/**
 * Plans one dispatch round: assignments for the free printers this instance controls, the
 * exclusion reason of every controlled printer (printers another instance controls are left out:
 * that instance says why), and why each job's next copy waits.
 */
export function planDispatch(
  printers: readonly RulePrinter[],
  jobs: readonly RuleJob[],
  now: number,
  options: { paused: boolean },
): DispatchPlan {
  const plan = new Plan(printers);
  const assignments: Assignment[] = [];
  const exclusions = new Map<string, string | null>();
  const waiting = new Map<string, string | null>();

  for (const pr of plan.printers) {
    if (pr.p.controlled) exclusions.set(pr.p.serial, pr.block?.printer ?? null);
  }
  const live = jobs.filter((j) => j.queuedCopies > 0).sort(compareJobs);
  for (const j of jobs) if (j.queuedCopies <= 0) waiting.set(j.id, null);

  const free = plan.printers.filter((pr) => pr.p.controlled && pr.block === null);
  if (options.paused) {
    for (const j of live) waiting.set(j.id, 'queue paused');
    if (live.length > 0) {
      for (const pr of free)
        exclusions.set(pr.p.serial, 'queue paused: resume it in the Queue view');
    }
    return { assignments, exclusions, waiting };
  }

  const ready: RuleJob[] = [];
  for (const j of live) {
    if (j.notBefore !== null && j.notBefore > now) {
      waiting.set(j.id, `not before ${formatTime(j.notBefore, now)}`);
    } else ready.push(j);
  }

  // Jobs in order; each hands its copies to the free printers (in the given order) that can print it.
  const taken = new Uint8Array(plan.printers.length);
  const left = new Map<string, number>(ready.map((j) => [j.id, j.queuedCopies]));
  const compatibleFree = new Map<number, { list: Prepared[]; start: number }>();
  let freeLeft = free.length;
  for (const job of ready) {
    if (freeLeft === 0) break;
    const sig = plan.signature(job);
    let c = compatibleFree.get(sig.id);
    if (!c) {
      c = { list: free.filter((pr) => mismatchOf(pr.cap, sig) === null), start: 0 };
      compatibleFree.set(sig.id, c);
    }
    while (c.start < c.list.length && taken[c.list[c.start]?.index ?? 0]) c.start += 1;
    let copies = left.get(job.id) ?? 0;
    for (let i = c.start; i < c.list.length && copies > 0; i++) {
      const pr = c.list[i];
      if (!pr || taken[pr.index] || !plan.admits(job.target, pr)) continue;
      taken[pr.index] = 1;
      freeLeft -= 1;
      copies -= 1;
      assignments.push({
        printerId: pr.p.id,
        serial: pr.p.serial,
        jobId: job.id,
        amsMapping: plan.mapping(pr, sig),
      });
      exclusions.set(pr.p.serial, null);
      waiting.set(job.id, null);
    }
    left.set(job.id, copies);
  }

  // Why the rest waits: one summary per (target, plate signature), over classes of alike printers.
  const classes = new Map<string, PrinterClass[]>();
  const summaries = new Map<string, string>();
  for (const job of ready) {
    if (waiting.has(job.id)) continue;
    const sig = plan.signature(job);
    const tkey = targetKey(job.target);
    const key = `${tkey}#${sig.id}`;
    let text = summaries.get(key);
    if (text === undefined) {
      let list = classes.get(tkey);
      if (!list) {
        list = classesOf(plan.admitted(job.target), taken);
        classes.set(tkey, list);
      }
      text = waitingReason(job.target, sig, list);
      summaries.set(key, text);
    }
    waiting.set(job.id, text);
  }

  // A free printer left without work: why the first job it may take does not fit it.
  const pending = ready.filter((j) => (left.get(j.id) ?? 0) > 0);
  for (const pr of free) {
    if (taken[pr.index]) continue;
    const job = pending.find((j) => plan.admits(j.target, pr));
    const m = job ? mismatchOf(pr.cap, plan.signature(job)) : null;
    exclusions.set(pr.p.serial, job && m ? mismatchForPrinter(m, job.fileName) : null);
  }
  return { assignments, exclusions, waiting };
}

/** Groups printers by capability and what they do now (printing, bed, taken…). */
function classesOf(printers: readonly Prepared[], taken: Uint8Array): PrinterClass[] {
  const byKey = new Map<Capability, Map<string, PrinterClass>>();
  const out: PrinterClass[] = [];
  for (const pr of printers) {
    const situation = pr.block
      ? pr.block.job
      : !pr.p.controlled
        ? 'controlled by another Farmdeck instance'
        : taken[pr.index]
          ? 'taking earlier jobs'
          : 'free: it takes the job on the next round';
    let bySituation = byKey.get(pr.cap);
    if (!bySituation) {
      bySituation = new Map();
      byKey.set(pr.cap, bySituation);
    }
    const cls = bySituation.get(situation);
    if (cls) cls.n += 1;
    else {
      const created = { cap: pr.cap, situation, n: 1, who: pr.p.name };
      bySituation.set(situation, created);
      out.push(created);
    }
  }
  return out;
}

function waitingReason(
  target: QueueTarget,
  sig: PlateSignature,
  classes: readonly PrinterClass[],
): string {
  if (classes.length === 0) return noPrinterFor(target);
  const compatible = new Tally();
  const incompatible = new Tally<Mismatch>();
  for (const cls of classes) {
    const m = mismatchOf(cls.cap, sig);
    if (m) incompatible.add(m, cls.who, cls.n);
    else compatible.add(cls.situation, cls.who, cls.n);
  }
  if (compatible.total > 0) return waitingForCompatible(compatible);
  return waitingForIncompatible(incompatible, scopeOf(target));
}
