import type { PrinterState } from '../../shared/printer-state.ts';
import { A2L_AMS_LITE_UNIT, isMappableTray } from '../mqtt/command-builders.ts';
import type { SlicedFilament } from '../threemf/slice-info.ts';

/** A loaded AMS tray as a mapping candidate. */
export interface TrayCandidate {
  /** Legacy global tray id used in `ams_mapping`: unit*4+slot, or the unit id (128+) for AMS HT. */
  readonly tray: number;
  /** For people: `AMS 1 slot 2`, `AMS HT 128`. */
  readonly label: string;
  readonly material: string;
  /** `#RRGGBB`. */
  readonly color: string;
}

/** How one slicer filament is fed. */
export interface FilamentMatch {
  /** Slicer filament id (1-based). */
  readonly filamentId: number;
  readonly filament: { readonly type: string; readonly color: string };
  /** Chosen tray, or null when nothing loaded fits. */
  readonly tray: TrayCandidate | null;
  /** `exact`: same material; `family`: same base material (PETG vs PETG HF); `none`. */
  readonly material: 'exact' | 'family' | 'none';
  /** Colour distance 0 (same) to ~765 (black vs white), redmean-weighted RGB. */
  readonly colorDistance: number | null;
}

/** A proposed `ams_mapping` with the reasoning per filament. */
export interface AmsMappingProposal {
  /** One entry per slicer slot up to the highest filament id; -1 = unused or unmatched. */
  readonly mapping: readonly number[];
  readonly matches: readonly FilamentMatch[];
  /** True when every used filament found a tray of its material. */
  readonly complete: boolean;
}

/** Colours this close look the same on a spool (redmean distance). */
export const SAME_COLOR_DISTANCE = 60;

/** `#RRGGBB` (alpha ignored) as `[r, g, b]`; null when it is not a colour. */
export function parseRgb(hex: string): [number, number, number] | null {
  const m = /^#?([0-9a-f]{6})/i.exec(hex);
  if (!m?.[1]) return null;
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Perceptual-ish RGB distance ("redmean") of two parsed colours. */
export function rgbDistance(x: readonly number[], y: readonly number[]): number {
  const [xr = 0, xg = 0, xb = 0] = x;
  const [yr = 0, yg = 0, yb = 0] = y;
  const rm = (xr + yr) / 2;
  const dr = xr - yr;
  const dg = xg - yg;
  const db = xb - yb;
  return Math.sqrt((2 + rm / 256) * dr * dr + 4 * dg * dg + (2 + (255 - rm) / 256) * db * db);
}

/** Perceptual-ish RGB distance ("redmean"): cheap and good enough to tell spool colours apart. */
export function colorDistance(a: string, b: string): number | null {
  const x = parseRgb(a);
  const y = parseRgb(b);
  if (!x || !y) return null;
  return rgbDistance(x, y);
}

/** A material name as compared: `petg  hf` → `PETG HF`. */
export const materialKey = (m: string): string => m.trim().toUpperCase().replace(/\s+/g, ' ');
/** Base material: `PETG HF` → `PETG`, `PLA-CF` → `PLA`. */
export const materialFamily = (m: string): string => materialKey(m).split(/[\s-]/)[0] ?? '';
const norm = materialKey;
const family = materialFamily;

/**
 * Loaded trays of every AMS unit in `state`, with their global tray ids (unit*4+slot; the A2L's
 * AMS Lite, unit 16, gives 64-67; AMS HT the unit id), as `ams_mapping` builders take them.
 */
export function loadedTrays(state: PrinterState): TrayCandidate[] {
  const out: TrayCandidate[] = [];
  for (const unit of state.ams) {
    for (const t of unit.trays) {
      if (t.empty || !t.material) continue;
      const ht = unit.id >= 128;
      const lite = unit.id === A2L_AMS_LITE_UNIT;
      out.push({
        tray: ht ? unit.id : unit.id * 4 + t.slot,
        label: ht
          ? `AMS HT ${unit.id}`
          : lite
            ? `AMS Lite slot ${t.slot + 1}`
            : `AMS ${unit.id + 1} slot ${t.slot + 1}`,
        material: t.material,
        color: t.color ?? '#000000',
      });
    }
  }
  return out;
}

/** Loaded external spools (tray 255 main nozzle, 254 left nozzle on dual-nozzle printers). */
export function externalTrays(state: PrinterState): TrayCandidate[] {
  const dual = state.nozzles.length > 1;
  return state.externalSpools
    .filter((s) => !s.empty && s.material)
    .map((s) => ({
      tray: dual ? s.id : 255,
      label: dual ? `external spool (${s.id === 254 ? 'left' : 'right'} nozzle)` : 'external spool',
      material: s.material ?? '',
      color: s.color ?? '#000000',
    }));
}

/** Says which filaments a proposal left without a tray, for an error message. */
export function missingFilaments(proposal: AmsMappingProposal): string {
  return proposal.matches
    .filter((m) => m.tray === null)
    .map((m) => `filament ${m.filamentId} (${m.filament.type} ${m.filament.color})`)
    .join(', ');
}

/**
 * Proposes which tray feeds each filament of a plate: same material first (then same family,
 * e.g. `PETG HF` on `PETG`), then the nearest colour. A tray may feed several filaments.
 * Filaments without any fitting tray map to -1 and make the proposal incomplete.
 */
export function proposeAmsMapping(
  filaments: readonly SlicedFilament[],
  trays: readonly TrayCandidate[],
): AmsMappingProposal {
  const matches: FilamentMatch[] = filaments.map((f) => {
    let best: { tray: TrayCandidate; rank: number; dist: number } | null = null;
    for (const tray of trays) {
      const rank =
        norm(tray.material) === norm(f.type) ? 0 : family(tray.material) === family(f.type) ? 1 : 2;
      if (rank === 2) continue;
      const dist = colorDistance(f.color, tray.color) ?? 999;
      if (!best || rank < best.rank || (rank === best.rank && dist < best.dist)) {
        best = { tray, rank, dist };
      }
    }
    return {
      filamentId: f.id,
      filament: { type: f.type, color: f.color },
      tray: best?.tray ?? null,
      material: best ? (best.rank === 0 ? 'exact' : 'family') : 'none',
      colorDistance: best ? Math.round(best.dist) : null,
    };
  });
  const size = filaments.reduce((m, f) => Math.max(m, f.id), 0);
  const mapping = Array.from({ length: size }, () => -1);
  for (const m of matches) if (m.tray) mapping[m.filamentId - 1] = m.tray.tray;
  return { mapping, matches, complete: matches.every((m) => m.tray !== null) };
}

/**
 * A printer's proposal for a plate: AMS trays first; an external spool (255, or 254/255 per
 * nozzle on dual-nozzle printers) only for a filament no AMS tray fits. `trays` lists every
 * candidate, AMS then external.
 */
export function proposePrinterMapping(
  filaments: readonly SlicedFilament[],
  state: PrinterState | null,
): { trays: TrayCandidate[]; proposal: AmsMappingProposal } {
  const ams = state ? loadedTrays(state) : [];
  const external = state ? externalTrays(state) : [];
  const first = proposeAmsMapping(filaments, ams);
  const trays = [...ams, ...external];
  if (first.complete || external.length === 0) return { trays, proposal: first };
  const rest = proposeAmsMapping(
    filaments.filter((f) => first.matches.some((m) => m.filamentId === f.id && m.tray === null)),
    external,
  );
  const matches = first.matches.map(
    (m) => (m.tray ? m : rest.matches.find((r) => r.filamentId === m.filamentId)) ?? m,
  );
  const mapping = [...first.mapping];
  for (const m of matches) if (m.tray) mapping[m.filamentId - 1] = m.tray.tray;
  return { trays, proposal: { mapping, matches, complete: matches.every((m) => m.tray !== null) } };
}

/**
 * Parses a user's mapping such as `0,1,-1` (one entry per slicer filament slot) and checks it
 * covers every filament the plate uses. Throws RangeError with a message for people.
 */
export function parseAmsMapping(text: string, filaments: readonly SlicedFilament[]): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const values = parts.map((s) => Number(s));
  if (
    parts.some((s) => s === '') ||
    values.some((v) => !Number.isInteger(v) || !isMappableTray(v))
  ) {
    throw new RangeError(
      `AMS mapping "${text}" must list tray numbers (0-15 for AMS slots, 64-67 for the A2L's AMS Lite, 128-135 for AMS HT, 255 for the external spool, -1 for none) separated by commas`,
    );
  }
  const missing = filaments.filter((f) => (values[f.id - 1] ?? -1) < 0);
  if (missing.length > 0 && values.some((v) => v >= 0)) {
    const ids = missing.map((f) => `${f.id} (${f.type} ${f.color})`).join(', ');
    throw new RangeError(
      `AMS mapping "${text}" gives no tray to filament ${ids}: add a tray for each`,
    );
  }
  return values;
}
