import type { JsonObject } from './templates.ts';

const isObject = (v: unknown): v is JsonObject =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Structural equality of two JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * What a P1/A1 printer sends as a delta (`msg` 1) after `prev`: the keys of `next` whose value
 * changed, objects recursively, arrays and scalars wholesale (mqtt.md §4). When anything under
 * `ams` changed, the complete `ams.ams` unit list goes along, as clients merge AMS units by id and
 * drop units missing from a received list.
 */
export function diffReport(prev: JsonObject, next: JsonObject): JsonObject {
  const out = diffObjects(prev, next);
  const ams = out['ams'];
  const fullAms = next['ams'];
  if (isObject(ams) && isObject(fullAms) && 'ams' in fullAms) {
    ams['ams'] = structuredClone(fullAms['ams']);
  }
  return out;
}

function diffObjects(prev: JsonObject, next: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(next)) {
    const old = prev[key];
    if (isObject(value) && isObject(old)) {
      const sub = diffObjects(old, value);
      if (Object.keys(sub).length > 0) out[key] = sub;
    } else if (!jsonEqual(old, value)) {
      out[key] = structuredClone(value);
    }
  }
  return out;
}
