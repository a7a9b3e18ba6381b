/** AMS units, trays and external spools of the merged `print` object (mqtt.md 5.8, models.md 4). */
import type { AmsKind, AmsUnit, ExternalSpool, Tray } from './printer-state.ts';
import type { ModelInfo } from './models.ts';
import { arr, at, hexBits, int, isRawObject, num, text } from './raw-report.ts';
import type { RawObject } from './raw-report.ts';
import type { VersionInfo } from './version-info.ts';

/** Studio supports 4 four-slot units plus 8 AMS HT; more entries are noise and are dropped. */
const MAX_UNITS = 16;
const MAX_TRAYS = 8;

const KIND_BY_INFO: Readonly<Record<number, AmsKind>> = {
  1: 'ams',
  2: 'ams-lite',
  3: 'ams-2-pro',
  4: 'ams-ht',
};

const KIND_BY_MODULE: Readonly<Record<string, AmsKind>> = {
  ams: 'ams',
  ams_f1: 'ams-lite',
  n3f: 'ams-2-pro',
  n3s: 'ams-ht',
};

/**
 * `RRGGBBAA` / `RRGGBB` → `#RRGGBB`; null when malformed or fully transparent (alpha `00`: no
 * colour to show; on a loaded tray that is clear filament, see `trayAlpha`).
 */
export function trayColor(v: unknown): string | null {
  const s = text(v);
  if (s === null || !/^[0-9a-f]{6}([0-9a-f]{2})?$/i.test(s)) return null;
  if (s.length === 8 && s.slice(6) === '00') return null;
  return '#' + s.slice(0, 6).toUpperCase();
}

/**
 * Opacity 0-255 of an `RRGGBBAA` `tray_color` when it is below `FF`; null when opaque, `RRGGBB`
 * or malformed. `00000000` on a loaded tray is clear (transparent) filament (quirks.md).
 */
export function trayAlpha(v: unknown): number | null {
  const s = text(v);
  if (s === null || !/^[0-9a-f]{8}$/i.test(s)) return null;
  const alpha = parseInt(s.slice(6), 16);
  return alpha < 255 ? alpha : null;
}

/**
 * Unit kind: `info` bits 0-3, else the `get_version` module name (`ams/0`, `n3s/128`...), else
 * the id range (128-135 AMS HT) and the model's AMS family.
 */
export function amsKind(
  unit: RawObject,
  id: number,
  version: VersionInfo | null | undefined,
  model: ModelInfo | null,
): AmsKind {
  const info = hexBits(unit['info']);
  const byInfo = info === null ? undefined : KIND_BY_INFO[Number(info & 0xfn)];
  if (byInfo) return byInfo;
  for (const m of version?.modules ?? []) {
    const [prefix, n] = m.name.split('/');
    const kind = prefix === undefined ? undefined : KIND_BY_MODULE[prefix];
    if (kind && n !== undefined && Number(n) === id) return kind;
  }
  if (id >= 128 && id <= 135) return 'ams-ht';
  if (model && model.amsKinds.length === 1 && model.amsKinds[0]) return model.amsKinds[0];
  // Firmware older than AMS 2 Pro / AMS HT sends no `info`: units 0-3 are then classic AMS.
  if (model && info === null && id <= 3) return 'ams';
  return 'unknown';
}

/** True when a tray entry describes an empty slot. */
function isEmpty(tray: RawObject): boolean {
  if (Object.keys(tray).every((k) => k === 'id' || k === 'state')) return true;
  const state = int(tray['state']);
  return text(tray['tray_type']) === null && (state === null || state === 0);
}

function percent(v: unknown, zeroIsUnknown: boolean): number | null {
  const n = num(v);
  if (n === null || n < 0 || (zeroIsUnknown && n === 0)) return null;
  return Math.min(100, Math.round(n));
}

function tray(raw: RawObject, slot: number, external: boolean): Tray {
  if (isEmpty(raw)) {
    return { slot, empty: true, material: null, color: null, remainPercent: null };
  }
  const alpha = trayAlpha(raw['tray_color']);
  return {
    slot,
    empty: false,
    material: text(raw['tray_type']),
    color: trayColor(raw['tray_color']),
    ...(alpha === null ? {} : { alpha }),
    // External spools are never estimated: their 0 means "unknown", not "used up".
    remainPercent: percent(raw['remain'], external),
  };
}

/** AMS units from `ams.ams[]`, in wire order, with their trays in slot order. */
export function amsUnits(
  print: RawObject,
  version: VersionInfo | null | undefined,
  model: ModelInfo | null,
): AmsUnit[] {
  const units: AmsUnit[] = [];
  for (const unit of arr(at(print, 'ams', 'ams'))
    .filter(isRawObject)
    .slice(0, MAX_UNITS)) {
    const id = int(unit['id']);
    if (id === null || id < 0) continue;
    const humidity = int(unit['humidity']);
    const raw = num(unit['humidity_raw']);
    const temp = num(unit['temp']);
    const trays = arr(unit['tray'])
      .filter(isRawObject)
      .map((t) => ({ slot: int(t['id']), t }))
      .filter((x): x is { slot: number; t: RawObject } => x.slot !== null && x.slot >= 0)
      .sort((a, b) => a.slot - b.slot)
      .slice(0, MAX_TRAYS)
      .map(({ slot, t }) => tray(t, slot, false));
    units.push({
      id,
      kind: amsKind(unit, id, version, model),
      humidityIndex: humidity !== null && humidity >= 1 && humidity <= 5 ? humidity : null,
      humidityPercent: raw !== null && raw >= 0 && raw <= 100 ? raw : null,
      // Units without a sensor (AMS Lite, old AMS firmware) report "0.0".
      temp: temp === null || temp === 0 ? null : temp,
      trays,
    });
  }
  return units;
}

/**
 * External spools: `vir_slot[]` (255 main/right, 254 deputy/left) when present, else the single
 * `vt_tray`. Sorted main first (id 255, then 254).
 */
export function externalSpools(print: RawObject): ExternalSpool[] {
  const virtual = arr(print['vir_slot']).filter(isRawObject);
  const vt = print['vt_tray'];
  const raw = virtual.length > 0 ? virtual : isRawObject(vt) ? [vt] : [];
  const out: ExternalSpool[] = [];
  for (const entry of raw.slice(0, 4)) {
    const id = int(entry['id']);
    if (id === null) continue;
    out.push({ id, ...tray(entry, 0, true) });
  }
  return out.sort((a, b) => b.id - a.id);
}
