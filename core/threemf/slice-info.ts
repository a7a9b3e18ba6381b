/**
 * Parsers for the small XML entries of a sliced 3MF (`Metadata/slice_info.config`, `3D/3dmodel.model`).
 * The files are flat and machine-written, so a tag/attribute scanner is enough; no XML library.
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

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

/** Attributes of every `<tag …>` occurrence in `xml`, in order. */
export function xmlTags(xml: string, tag: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const re = new RegExp(`<${tag}(\\s[^>]*?)?/?>`, 'g');
  for (const m of xml.matchAll(re)) {
    const attrs: Record<string, string> = {};
    for (const a of (m[1] ?? '').matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
      attrs[a[1] as string] = decode(a[3] ?? a[4] ?? '');
    }
    out.push(attrs);
  }
  return out;
}

/** Inner text of each `<tag>…</tag>` block. */
export function xmlBlocks(xml: string, tag: string): string[] {
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g');
  return [...xml.matchAll(re)].map((m) => m[1] ?? '');
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

/** Parses `Metadata/slice_info.config`; plates without a numeric index are dropped. */
export function parseSliceInfo(xml: string): SliceInfoPlate[] {
  const plates: SliceInfoPlate[] = [];
  for (const block of xmlBlocks(xml, 'plate')) {
    const meta = new Map<string, string>();
    for (const m of xmlTags(block, 'metadata')) {
      if (m.key !== undefined) meta.set(m.key, m.value ?? '');
    }
    const index = num(meta.get('index'));
    if (index === null || !Number.isInteger(index) || index < 1) continue;
    const filaments = xmlTags(block, 'filament')
      .map((f) => ({
        id: num(f.id) ?? 0,
        type: f.type ?? '',
        color: normColor(f.color),
        grams: num(f.used_g) ?? 0,
        meters: num(f.used_m) ?? 0,
        presetId: f.tray_info_idx || null,
      }))
      .filter((f) => Number.isInteger(f.id) && f.id >= 1)
      .sort((a, b) => a.id - b.id);
    const objects = xmlTags(block, 'object')
      .filter((o) => o.skipped !== 'true' && num(o.identify_id) !== null)
      .map((o) => ({ id: num(o.identify_id) as number, name: o.name ?? '' }));
    plates.push({
      index,
      printerModelId: meta.get('printer_model_id')?.trim() || null,
      nozzleDiameters: (meta.get('nozzle_diameters') ?? '')
        .split(/[\s,]+/)
        .map((s) => num(s))
        .filter((n): n is number => n !== null),
      predictionSeconds: num(meta.get('prediction')),
      weightGrams: num(meta.get('weight')),
      labelObjects: meta.get('label_object_enabled') === 'true',
      filaments,
      objects,
    });
  }
  return plates.sort((a, b) => a.index - b.index);
}

/** `<metadata name="…">value</metadata>` pairs of `3D/3dmodel.model` (Application, Title, …). */
export function parseModelMetadata(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/<metadata\s+name="([^"]*)"\s*>([^<]*)<\/metadata>/g)) {
    out.set(decode(m[1] ?? ''), decode(m[2] ?? '').trim());
  }
  return out;
}
