import type { FilamentRule } from '../../shared/contract/queue-schemas.ts';
import type { PrinterState } from '../../shared/printer-state.ts';
import { isAmsTray } from '../mqtt/command-builders.ts';
import {
  externalTrays,
  loadedTrays,
  materialFamily,
  materialKey,
  parseRgb,
  rgbDistance,
  SAME_COLOR_DISTANCE,
  type TrayCandidate,
} from '../printing/ams-mapping.ts';

/** One filament a plate uses, as the library keeps it. */
export interface FilamentNeed {
  /** 1-based slicer slot. */
  readonly id: number;
  readonly type: string;
  /** `#RRGGBB`. */
  readonly color: string;
}

/** A filament under a rule, parsed once for every printer it is checked against. */
export interface NeedQuery {
  /** `needKey`: the cache key of the answers. */
  readonly key: string;
  readonly rule: FilamentRule;
  readonly material: string;
  readonly family: string;
  /** Null when the colour is unreadable (then any colour is as far as can be). */
  readonly rgb: readonly number[] | null;
}

export function needQuery(need: FilamentNeed, rule: FilamentRule): NeedQuery {
  return {
    key: needKey(need, rule),
    rule,
    material: materialKey(need.type),
    family: materialFamily(need.type),
    rgb: parseRgb(need.color),
  };
}

/** A tray with its colour parsed. */
interface IndexedTray {
  readonly tray: number;
  readonly rgb: readonly number[] | null;
}

/** Trays of one kind (AMS, or external spools) indexed by material and family, in tray order. */
interface TrayIndex {
  readonly byMaterial: ReadonlyMap<string, readonly IndexedTray[]>;
  readonly byFamily: ReadonlyMap<string, readonly IndexedTray[]>;
}

/**
 * A printer's loaded filament as the rules read it: AMS trays first, then external spools (the
 * order `proposePrinterMapping` uses). Printers with the same trays share one Loadout, and with
 * it the answers of `fitTray`.
 */
export interface Loadout {
  /** Equal for printers with the same trays and nozzle count. */
  readonly key: string;
  readonly ams: TrayIndex;
  readonly external: TrayIndex;
  /** Two nozzles (H2D…): external spools 254/255 name the nozzle, so a mapping is always sent. */
  readonly dualNozzle: boolean;
  /** needKey → tray, or null when nothing fits. */
  readonly fits: Map<string, number | null>;
}

function index(trays: readonly TrayCandidate[]): TrayIndex {
  const byMaterial = new Map<string, IndexedTray[]>();
  const byFamily = new Map<string, IndexedTray[]>();
  for (const t of trays) {
    const indexed = { tray: t.tray, rgb: parseRgb(t.color) };
    for (const [map, k] of [
      [byMaterial, materialKey(t.material)],
      [byFamily, materialFamily(t.material)],
    ] as const) {
      const list = map.get(k);
      if (list) list.push(indexed);
      else map.set(k, [indexed]);
    }
  }
  return { byMaterial, byFamily };
}

// Memo of a pure function of immutable inputs: a PrinterState object never changes (a new report
// makes a new one), and a Loadout's answers depend only on its trays.
const byState = new WeakMap<PrinterState, Loadout>();
const byKey = new Map<string, Loadout>();
const MAX_LOADOUTS = 5_000;

/** The Loadout of a state (shared with every state holding the same trays). */
export function loadoutOf(state: PrinterState): Loadout {
  const known = byState.get(state);
  if (known) return known;
  const ams = loadedTrays(state);
  const external = externalTrays(state);
  const dualNozzle = state.nozzles.length > 1;
  const key = `${dualNozzle ? 2 : 1}|${[...ams, ...external].map((t) => `${t.tray}:${t.material}:${t.color}`).join('|')}`;
  let loadout = byKey.get(key);
  if (!loadout) {
    if (byKey.size >= MAX_LOADOUTS) byKey.clear();
    loadout = { key, ams: index(ams), external: index(external), dualNozzle, fits: new Map() };
    byKey.set(key, loadout);
  }
  byState.set(state, loadout);
  return loadout;
}

/** The tray of `candidates` nearest in colour (first of equals), with its rounded distance. */
function nearest(
  candidates: readonly IndexedTray[],
  rgb: readonly number[] | null,
): { tray: number; dist: number } | null {
  let best: { tray: number; dist: number } | null = null;
  for (const t of candidates) {
    const dist = rgb && t.rgb ? rgbDistance(rgb, t.rgb) : 999;
    if (!best || dist < best.dist) best = { tray: t.tray, dist };
  }
  return best && { tray: best.tray, dist: Math.round(best.dist) };
}

/**
 * What `proposeAmsMapping` picks for one filament among `trays` (exact material first, else the
 * same family; nearest colour, redmean), kept only when the pick satisfies the rule:
 * `ignore-color` takes the family (PETG HF on PETG), `same-material` only the exact material,
 * `exact-color` the exact material within SAME_COLOR_DISTANCE. The pick is the best tray, so if
 * any satisfies the rule, it does.
 */
function pick(q: NeedQuery, trays: TrayIndex): number | null {
  const exact = trays.byMaterial.get(q.material);
  if (exact) {
    const best = nearest(exact, q.rgb);
    if (!best) return null;
    return q.rule !== 'exact-color' || best.dist <= SAME_COLOR_DISTANCE ? best.tray : null;
  }
  if (q.rule !== 'ignore-color') return null;
  const family = trays.byFamily.get(q.family);
  return family ? (nearest(family, q.rgb)?.tray ?? null) : null;
}

/** Cache key of one filament under one rule. */
export const needKey = (need: FilamentNeed, rule: FilamentRule): string =>
  `${need.type}\u0000${need.color}\u0000${rule}`;

/**
 * The tray (global id, as `ams_mapping` takes it) that feeds the filament under its rule, or null
 * when none does. As `proposePrinterMapping`: AMS trays first, an external spool only when no AMS
 * tray fits.
 */
export function fitTray(q: NeedQuery, loadout: Loadout): number | null {
  const known = loadout.fits.get(q.key);
  if (known !== undefined) return known;
  const tray = pick(q, loadout.ams) ?? pick(q, loadout.external);
  loadout.fits.set(q.key, tray);
  return tray;
}

/**
 * What `print:start` sends as `amsMapping`: one entry per slicer slot up to the highest filament
 * id (-1 unused). Null (print from the external spool, no AMS) when no entry names an AMS tray on
 * a single-nozzle printer, or the plate lists no filament; a dual-nozzle printer keeps 254/255,
 * which say which nozzle's spool feeds each filament.
 */
export function mappingToSend(
  trays: ReadonlyMap<number, number>,
  dualNozzle: boolean,
): number[] | null {
  let size = 0;
  for (const id of trays.keys()) size = Math.max(size, id);
  if (size === 0) return null;
  const mapping = Array.from({ length: size }, (_, i) => trays.get(i + 1) ?? -1);
  if (!dualNozzle && !mapping.some(isAmsTray)) return null;
  return mapping;
}

/**
 * `PETG (#000000)` under `exact-color`; the material alone under `same-material`; under
 * `ignore-color`, `PETG HF (or another PETG)` when the family differs from the material.
 */
export function filamentLabel(need: FilamentNeed, rule: FilamentRule): string {
  const material = need.type.trim() || 'unnamed filament';
  if (rule === 'exact-color') return `${material} (${need.color.toUpperCase()})`;
  const family = materialFamily(material);
  if (rule === 'same-material' || family === materialKey(material) || family === '') {
    return material;
  }
  return `${material} (or another ${family})`;
}
