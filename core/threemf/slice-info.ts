import { ThreeMfError } from './threemf-error.ts';
import { walkXml } from './xml-walk.ts';

/**
 * Parsers for the small XML entries of a sliced 3MF (`Metadata/slice_info.config`, `3D/3dmodel.model`),
 * on a real XML parser (xml-walk.ts): a file a slicer did not write is refused, never scanned.
 */

/** One filament used by a plate (`<filament>` of slice_info.config). */
export interface SlicedFilament {
  /** 1-based slicer slot: `ams_mapping[id - 1]` feeds it. */
  readonly id: number;
  /** Material, e.g. `PLA`, `PETG HF`. */
  readonly type: string;
  /** `#RRGGBB` upper-case (alpha dropped). */
  readonly color: string;
  /** Weight used on this plate, grams. */
  readonly grams: number;
  /** Length used on this plate, metres. */
  readonly meters: number;
  /** Filament preset id such as `GFA00`, or null. */
  readonly presetId: string | null;
}

/** A labelled object of a plate, as `skip_objects` addresses it. */
export interface SlicedObject {
  /** The `identify_id` sent in `skip_objects` and reported in `s_obj`. */
  readonly id: number;
  readonly name: string;
}

/** What slice_info.config says about one plate. */
export interface SliceInfoPlate {
  readonly index: number;
  /** Model code such as `C12`, `BL-P001`, `N2S`; null when empty. */
  readonly printerModelId: string | null;
  /** Per extruder, mm. */
  readonly nozzleDiameters: readonly number[];
  /** Predicted print time, seconds. */
  readonly predictionSeconds: number | null;
  /** Total filament weight, grams. */
  readonly weightGrams: number | null;
  readonly labelObjects: boolean;
  readonly filaments: readonly SlicedFilament[];
  /** Objects on the plate, without those skipped before slicing. */
  readonly objects: readonly SlicedObject[];
}

const num = (v: string | undefined): number | null => {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

function normColor(c: string | undefined): string {
  const hex = (c ?? '').replace(/^#/, '').toUpperCase();
  return /^[0-9A-F]{6}([0-9A-F]{2})?$/.test(hex) ? `#${hex.slice(0, 6)}` : '#000000';
}

/** Plates one file may describe; slicers make a few dozen at most. */
export const MAX_PLATES = 256;

interface PlateDraft {
  readonly meta: Map<string, string>;
  readonly filaments: Record<string, string>[];
  readonly objects: Record<string, string>[];
}

/**
 * Parses `Metadata/slice_info.config`; plates without a numeric index are dropped.
 * Throws ThreeMfError `corrupt` when it is not well-formed XML, `over-limit` past MAX_PLATES plates.
 */
export function parseSliceInfo(
  xml: string,
  entry = 'Metadata/slice_info.config',
): SliceInfoPlate[] {
  const drafts: PlateDraft[] = [];
  let plate: PlateDraft | null = null;
  walkXml(xml, entry, {
    open({ name, attributes: a }) {
      if (name === 'plate') {
        if (drafts.length >= MAX_PLATES) {
          throw new ThreeMfError('over-limit', `${entry} describes more than ${MAX_PLATES} plates`);
        }
        plate = { meta: new Map(), filaments: [], objects: [] };
        drafts.push(plate);
        return;
      }
      if (plate === null) return;
      if (name === 'metadata' && a.key !== undefined) plate.meta.set(a.key, a.value ?? '');
      else if (name === 'filament') plate.filaments.push(a);
      else if (name === 'object') plate.objects.push(a);
    },
    close(name) {
      if (name === 'plate') plate = null;
    },
  });
  return drafts
    .map(toPlate)
    .filter((p): p is SliceInfoPlate => p !== null)
    .sort((a, b) => a.index - b.index);
}

function toPlate({ meta, filaments, objects }: PlateDraft): SliceInfoPlate | null {
  const index = num(meta.get('index'));
  if (index === null || !Number.isInteger(index) || index < 1) return null;
  return {
    index,
    printerModelId: meta.get('printer_model_id')?.trim() || null,
    nozzleDiameters: (meta.get('nozzle_diameters') ?? '')
      .split(/[\s,]+/)
      .map((s) => num(s))
      .filter((n): n is number => n !== null),
    predictionSeconds: num(meta.get('prediction')),
    weightGrams: num(meta.get('weight')),
    labelObjects: meta.get('label_object_enabled') === 'true',
    filaments: filaments
      .map((f) => ({
        id: num(f.id) ?? 0,
        type: f.type ?? '',
        color: normColor(f.color),
        grams: num(f.used_g) ?? 0,
        meters: num(f.used_m) ?? 0,
        presetId: f.tray_info_idx || null,
      }))
      .filter((f) => Number.isInteger(f.id) && f.id >= 1)
      .sort((a, b) => a.id - b.id),
    objects: objects
      .filter((o) => o.skipped !== 'true' && num(o.identify_id) !== null)
      .map((o) => ({ id: num(o.identify_id) as number, name: o.name ?? '' })),
  };
}

/**
 * `<metadata name="…">value</metadata>` pairs of `3D/3dmodel.model` (Application, Title, …).
 * Reading stops at the first element after them: the meshes that may follow are not needed.
 */
export function parseModelMetadata(xml: string, entry = '3D/3dmodel.model'): Map<string, string> {
  const out = new Map<string, string>();
  let key: string | null = null;
  let value = '';
  walkXml(xml, entry, {
    open({ name, attributes, depth }) {
      if (depth === 0) return true;
      if (depth !== 1 || name !== 'metadata') return false;
      key = attributes.name ?? null;
      value = '';
      return true;
    },
    text(text, depth) {
      if (key !== null && depth === 1) value += text;
    },
    close(name, depth) {
      if (key !== null && depth === 1 && name === 'metadata') out.set(key, value.trim());
      key = null;
    },
  });
  return out;
}
