/**
 * Merge of MQTT `print` reports into one state object (mqtt.md section 4): full reports
 * (`msg: 0`) replace the base, every other report is merged into it the way Bambu Studio does,
 * with ha-bambulab's refinement of merging AMS units and trays by `id`. Both the LAN link and
 * cloud MQTT reach this through core/mqtt/state-keeper.ts (quirks.md, "MQTT reports").
 */
import { isRawObject, num, str } from './raw-report.ts';
import type { RawObject } from './raw-report.ts';

/** Keys never copied from a printer: they would reach Object.prototype (prototype pollution). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper nesting than this is not state but garbage; it is dropped instead of recursed into. */
const MAX_DEPTH = 48;

/**
 * True when a `print` message is a status push (`command` absent or `push_status`).
 * Command replies also arrive under `print` (`{"command":"pause","result":"success"}`): they
 * are not state and must not be merged.
 */
export function isStatusReport(print: RawObject): boolean {
  const command = print['command'];
  return command === undefined || command === 'push_status';
}

/**
 * Keys every full report of every captured model carries (../shared/fixtures/mqtt-pushall-*.json).
 * H2-family printers answer `pushall` without `msg`; such a report is recognised by these keys.
 */
const FULL_REPORT_KEYS = [
  'gcode_state',
  'mc_percent',
  'nozzle_temper',
  'bed_temper',
  'print_type',
  'hms',
  'lights_report',
  'upgrade_state',
] as const;

/**
 * What a status report is worth (quirks.md, "MQTT reports"):
 * - `full`: `msg` 0, the whole object: it may replace the state;
 * - `snapshot`: no `msg`, but every key a full report has (the H2 answer to `pushall`): merged,
 *   and it counts as a fresh base;
 * - `partial`: `msg` 1, or any other report (the H2 door `{"stat":"46A58008"}`): merged only.
 */
export type ReportKind = 'full' | 'snapshot' | 'partial';

export function reportKind(print: RawObject): ReportKind {
  const msg = num(print['msg']);
  if (msg === 0) return 'full';
  if (msg === null && FULL_REPORT_KEYS.every((k) => print[k] !== undefined)) return 'snapshot';
  return 'partial';
}

/**
 * Merges one received `print` object into the previous merged state and returns the new state.
 *
 * - `msg === 0` (a full report): the result is a fresh copy of `print`.
 * - otherwise (`msg` 1 or absent): objects merge key by key, every other value (including
 *   arrays) is replaced, a value whose type changed replaces the old one.
 * - `ams.ams` merges units by `id`, and each unit's `tray` list by tray `id`: tray fields
 *   missing from the delta are kept, a tray holding only `id` (+ `state`) is an empty slot and
 *   clears the previous data, units and trays absent from a received list are removed.
 *
 * Inputs are never mutated; unchanged subtrees of `base` are shared with the result.
 * `__proto__`, `constructor` and `prototype` keys are ignored at every depth.
 */
export function mergeReport(base: RawObject | undefined, print: RawObject): RawObject {
  if (base === undefined || num(print['msg']) === 0) return cloneObject(print, 0);
  return mergeObjects(base, print, 0, false);
}

function mergeObjects(base: RawObject, delta: RawObject, depth: number, inAms: boolean): RawObject {
  const out: RawObject = {};
  for (const key of Object.keys(base)) {
    if (!FORBIDDEN_KEYS.has(key)) out[key] = base[key];
  }
  for (const key of Object.keys(delta)) {
    if (FORBIDDEN_KEYS.has(key)) continue;
    const next = delta[key];
    const prev = out[key];
    if (depth === 0 && key === 'ams' && isRawObject(prev) && isRawObject(next)) {
      out[key] = mergeObjects(prev, next, depth + 1, true);
    } else if (inAms && key === 'ams' && Array.isArray(next)) {
      out[key] = mergeById(prev, next, depth + 1, mergeUnit);
    } else if (isRawObject(prev) && isRawObject(next)) {
      if (depth + 1 < MAX_DEPTH) out[key] = mergeObjects(prev, next, depth + 1, false);
    } else {
      const copy = cloneValue(next, depth + 1);
      if (copy !== undefined) out[key] = copy;
    }
  }
  return out;
}

function mergeUnit(prev: RawObject | undefined, next: RawObject, depth: number): RawObject {
  if (prev === undefined) return cloneObject(next, depth);
  const { tray, ...rest } = next;
  const merged = mergeObjects(prev, rest, depth, false);
  if (Array.isArray(tray)) merged['tray'] = mergeById(prev['tray'], tray, depth + 1, mergeTray);
  else if (tray !== undefined) merged['tray'] = cloneValue(tray, depth + 1);
  return merged;
}

function mergeTray(prev: RawObject | undefined, next: RawObject, depth: number): RawObject {
  if (prev === undefined || isEmptySlot(next)) return cloneObject(next, depth);
  return mergeObjects(prev, next, depth, false);
}

/** A tray entry carrying only `id` (and optionally `state`) describes an empty slot. */
function isEmptySlot(tray: RawObject): boolean {
  return Object.keys(tray).every((k) => k === 'id' || k === 'state');
}

/**
 * Merges a received list with the previous one by entry `id`; the received list defines which
 * entries exist and their order. Entries without an id are copied as they are.
 */
function mergeById(
  prev: unknown,
  next: readonly unknown[],
  depth: number,
  merge: (prev: RawObject | undefined, next: RawObject, depth: number) => RawObject,
): unknown[] {
  const previous = new Map<string, RawObject>();
  if (Array.isArray(prev)) {
    for (const entry of prev) {
      const id = isRawObject(entry) ? str(entry['id']) : null;
      if (id !== null && isRawObject(entry)) previous.set(id, entry);
    }
  }
  const out: unknown[] = [];
  for (const entry of next) {
    if (!isRawObject(entry)) {
      const copy = cloneValue(entry, depth + 1);
      if (copy !== undefined) out.push(copy);
      continue;
    }
    const id = str(entry['id']);
    out.push(merge(id === null ? undefined : previous.get(id), entry, depth + 1));
  }
  return out;
}

function cloneObject(v: RawObject, depth: number): RawObject {
  const out: RawObject = {};
  if (depth >= MAX_DEPTH) return out;
  for (const key of Object.keys(v)) {
    if (FORBIDDEN_KEYS.has(key)) continue;
    const copy = cloneValue(v[key], depth + 1);
    if (copy !== undefined) out[key] = copy;
  }
  return out;
}

/** Deep copy of JSON data; undefined for values too deep to keep or not JSON (functions...). */
function cloneValue(v: unknown, depth: number): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
    return v;
  }
  if (depth >= MAX_DEPTH) return undefined;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const item of v) {
      const copy = cloneValue(item, depth + 1);
      out.push(copy === undefined ? null : copy);
    }
    return out;
  }
  if (isRawObject(v)) return cloneObject(v, depth);
  return undefined;
}
