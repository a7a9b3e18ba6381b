/** Temperatures, nozzles and fans of the merged `print` object (mqtt.md 5.4, 5.5, 5.7). */
import type { Fans, Nozzle, Temperature } from './printer-state.ts';
import { arr, at, int, isRawObject, num, obj, text } from './raw-report.ts';
import type { RawObject } from './raw-report.ts';

/** Most nozzles any model has (H2D/H2C/X2D: 2); more entries are noise and are dropped. */
const MAX_NOZZLES = 4;

/**
 * Unpacks a `device.*` temperature word: low 16 bits current, high 16 bits target (°C).
 * Null unless the value is an integer in the uint32 range.
 */
export function unpackTemperature(v: unknown): Temperature | null {
  const n = num(v);
  if (n === null || !Number.isInteger(n) || n < 0 || n > 0xffffffff) return null;
  return { temp: n % 0x10000, target: Math.floor(n / 0x10000) };
}

function flatTemperature(print: RawObject, current: string, target: string): Temperature | null {
  const temp = num(print[current]);
  const tgt = num(print[target]);
  return temp === null && tgt === null ? null : { temp, target: tgt };
}

/** Bed temperature: packed `device.bed.info.temp` / `device.bed_temp`, else the flat fields. */
export function bedTemperature(print: RawObject): Temperature {
  return (
    unpackTemperature(at(print, 'device', 'bed', 'info', 'temp')) ??
    unpackTemperature(at(print, 'device', 'bed_temp')) ??
    flatTemperature(print, 'bed_temper', 'bed_target_temper') ?? { temp: null, target: null }
  );
}

/**
 * Chamber temperature: packed `device.ctc.info.temp` / `device.cham_temp`, else `chamber_temper`
 * with `ctt` as target. Null when the printer reports none.
 */
export function chamberTemperature(print: RawObject): Temperature | null {
  return (
    unpackTemperature(at(print, 'device', 'ctc', 'info', 'temp')) ??
    unpackTemperature(at(print, 'device', 'cham_temp')) ??
    flatTemperature(print, 'chamber_temper', 'ctt')
  );
}

/**
 * Nozzles, index 0 = main/right: from `device.extruder.info[]` (packed temperatures) joined with
 * `device.nozzle.info[]` by id when present, else one nozzle from the flat fields.
 */
export function nozzles(print: RawObject): Nozzle[] {
  const flatDiameter = num(print['nozzle_diameter']);
  const flatType = text(print['nozzle_type']);
  const extruders = arr(at(print, 'device', 'extruder', 'info'))
    .filter(isRawObject)
    .map((e) => ({ id: int(e['id']), e }))
    .filter((x): x is { id: number; e: RawObject } => x.id !== null && x.id >= 0)
    .sort((a, b) => a.id - b.id)
    .slice(0, MAX_NOZZLES);
  if (extruders.length === 0) {
    const t = flatTemperature(print, 'nozzle_temper', 'nozzle_target_temper');
    return [
      { temp: t?.temp ?? null, target: t?.target ?? null, diameter: flatDiameter, type: flatType },
    ];
  }
  const infos = arr(at(print, 'device', 'nozzle', 'info')).filter(isRawObject);
  return extruders.map(({ id, e }) => {
    const info = infos.find((n) => int(n['id']) === id);
    const t = unpackTemperature(e['temp']);
    const single = extruders.length === 1;
    return {
      temp: t?.temp ?? (single ? num(print['nozzle_temper']) : null),
      target: t?.target ?? (single ? num(print['nozzle_target_temper']) : null),
      diameter: num(info?.['diameter']) ?? (id === 0 ? flatDiameter : null),
      type: text(info?.['type']) ?? (id === 0 ? flatType : null),
    };
  });
}

/** Fan level 0-15 → percent, rounded up to the next 10 % (the raw level oscillates, e.g. 2↔3). */
export function fanLevelPercent(v: unknown): number | null {
  const level = num(v);
  if (level === null || level < 0) return null;
  return Math.min(100, Math.ceil(Math.round((level / 15) * 1000) / 100) * 10);
}

function gearPercent(gear: number, shift: number): number {
  return Math.round((((gear >>> shift) & 0xff) / 255) * 100);
}

/**
 * Fan speeds in percent: `fan_gear` bytes (part, aux, chamber) when it is nonzero, as Studio
 * does, else the 0-15 level strings; the heatbreak fan always from its level.
 */
export function fans(print: RawObject): Fans {
  const gear = num(print['fan_gear']);
  const heatbreak = fanLevelPercent(print['heatbreak_fan_speed']);
  if (gear !== null && Number.isInteger(gear) && gear > 0 && gear <= 0xffffffff) {
    return {
      partCooling: gearPercent(gear, 0),
      aux: gearPercent(gear, 8),
      chamber: gearPercent(gear, 16),
      heatbreak,
    };
  }
  return {
    partCooling: fanLevelPercent(print['cooling_fan_speed']),
    aux: fanLevelPercent(print['big_fan1_speed']),
    chamber: fanLevelPercent(print['big_fan2_speed']),
    heatbreak,
  };
}

/** Chamber light mode from `lights_report` (`chamber_light` node), null when absent. */
export function chamberLight(print: RawObject): 'on' | 'off' | 'flashing' | null {
  for (const entry of arr(print['lights_report'])) {
    const e = obj(entry);
    if (e === null || e['node'] !== 'chamber_light') continue;
    const mode = e['mode'];
    return mode === 'on' || mode === 'off' || mode === 'flashing' ? mode : null;
  }
  return null;
}
