import { modelInfo } from '../../shared/models.ts';
import type { PrinterState } from '../../shared/printer-state.ts';
import {
  fitTray,
  loadoutOf,
  type FilamentNeed,
  type Loadout,
  type NeedQuery,
} from './queue-filament-rule.ts';
import type { Mismatch } from './queue-reasons.ts';

/**
 * What a printer can print, whatever it is doing now: its model, nozzle and loaded trays. Printers
 * alike share one Capability, and its answers are kept across plans: a PrinterState never changes
 * (a report makes a new one), so an answer for a state holds as long as the state is current.
 */
export interface Capability {
  readonly model: string | null;
  readonly nozzle: number | null;
  /** Null when the printer never reported a state. */
  readonly loadout: Loadout | null;
  /** By plate signature id: why not (null: it can; undefined: not asked yet). */
  answers: (Mismatch | null | undefined)[];
  /** Signature ids this capability's answers use (see `beginPlan`). */
  generation: number;
}

/** One filament of a plate under a job's rule. */
export interface Need {
  readonly need: FilamentNeed;
  readonly query: NeedQuery;
  /** A printer that lacks it (interned: equal needs give the same object). */
  readonly missing: Mismatch;
}

/** What a plate under a rule asks of a printer. */
export interface PlateSignature {
  /** Equal for plates asking the same. */
  readonly key: string;
  /** Small number for `key` (signatureId). */
  readonly id: number;
  readonly model: string | null;
  readonly nozzle: number | null;
  readonly needs: readonly Need[];
}

const MAX_ENTRIES = 5_000;
const MAX_SIGNATURES = 50_000;

const signatureIds = new Map<string, number>();
let generation = 0;

/**
 * Called at the start of each plan: when the signatures seen so far pass a bound, numbering starts
 * over and every capability forgets its answers (they are recomputed on demand).
 */
export function beginPlan(): void {
  if (signatureIds.size < MAX_SIGNATURES) return;
  signatureIds.clear();
  generation += 1;
}

/** A small number per signature key, stable between plans (until `beginPlan` starts over). */
export function signatureId(key: string): number {
  let id = signatureIds.get(key);
  if (id === undefined) {
    id = signatureIds.size;
    signatureIds.set(key, id);
  }
  return id;
}

const modelNames = new Map<string, string>();
/** Farmdeck's name of a model (`Bambu Lab P1S`, `C12` → `P1S`); unknown names stay as given. */
export function modelName(m: string | null | undefined): string | null {
  if (!m) return null;
  let name = modelNames.get(m);
  if (name === undefined) {
    name = modelInfo(m)?.name ?? m;
    if (modelNames.size < MAX_ENTRIES) modelNames.set(m, name);
  }
  return name;
}

const NO_STATE: Mismatch = { kind: 'no-state' };
const NO_STATE_CAP: Capability = {
  model: null,
  nozzle: null,
  loadout: null,
  answers: [],
  generation: 0,
};
const byState = new WeakMap<PrinterState, Capability>();
const byKey = new Map<string, Capability>();

export function capabilityOf(state: PrinterState | null): Capability {
  if (!state) return NO_STATE_CAP;
  const known = byState.get(state);
  if (known) return known;
  const loadout = loadoutOf(state);
  const model = modelName(state.model);
  const nozzle = state.nozzles[0]?.diameter ?? null;
  const key = `${model ?? ''}|${nozzle ?? ''}|${loadout.key}`;
  let cap = byKey.get(key);
  if (!cap) {
    if (byKey.size >= MAX_ENTRIES) byKey.clear();
    cap = { model, nozzle, loadout, answers: [], generation };
    byKey.set(key, cap);
  }
  byState.set(state, cap);
  return cap;
}

const filamentMismatches = new Map<string, Mismatch>();
/** The mismatch of a printer lacking the filament `label` names (one object per label). */
export function lacking(label: string): Mismatch {
  let m = filamentMismatches.get(label);
  if (!m) {
    if (filamentMismatches.size >= MAX_ENTRIES) filamentMismatches.clear();
    m = { kind: 'filament', label };
    filamentMismatches.set(label, m);
  }
  return m;
}

const otherModels = new Map<string, Map<string, Mismatch>>();
const otherNozzles = new Map<number, Map<number, Mismatch>>();

function interned<K, V extends Mismatch>(
  maps: Map<K, Map<K, Mismatch>>,
  a: K,
  b: K,
  make: () => V,
): Mismatch {
  let inner = maps.get(a);
  if (!inner) {
    inner = new Map();
    maps.set(a, inner);
  }
  let m = inner.get(b);
  if (!m) {
    m = make();
    inner.set(b, m);
  }
  return m;
}

/** Why printers of `cap` cannot print `sig` at all (model, nozzle, filament); null when they can. */
export function mismatchOf(cap: Capability, sig: PlateSignature): Mismatch | null {
  if (cap.generation !== generation) {
    cap.answers = [];
    cap.generation = generation;
  }
  const known = cap.answers[sig.id];
  if (known !== undefined) return known;
  const answer = decide(cap, sig);
  cap.answers[sig.id] = answer;
  return answer;
}

function decide(cap: Capability, sig: PlateSignature): Mismatch | null {
  const { loadout, model, nozzle } = cap;
  if (!loadout) return NO_STATE;
  if (sig.model && model && sig.model !== model) {
    const sliced = sig.model;
    return interned(otherModels, sliced, model, () => ({ kind: 'model', sliced, model }));
  }
  if (sig.nozzle !== null && nozzle !== null && Math.abs(sig.nozzle - nozzle) > 0.001) {
    const plate = sig.nozzle;
    return interned(otherNozzles, plate, nozzle, () => ({
      kind: 'nozzle',
      printer: nozzle,
      plate,
    }));
  }
  for (const n of sig.needs) {
    if (fitTray(n.query, loadout) === null) return n.missing;
  }
  return null;
}
