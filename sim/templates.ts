import a1Push from './templates/a1-push.json' with { type: 'json' };
import a1Version from './templates/a1-version.json' with { type: 'json' };
import h2dPush from './templates/h2d-push.json' with { type: 'json' };
import h2dVersion from './templates/h2d-version.json' with { type: 'json' };
import p1pPush from './templates/p1p-push.json' with { type: 'json' };
import p1pVersion from './templates/p1p-version.json' with { type: 'json' };
import p2sPush from './templates/p2s-push.json' with { type: 'json' };
import p2sVersion from './templates/p2s-version.json' with { type: 'json' };
import x1cPush from './templates/x1c-push.json' with { type: 'json' };
import x1cVersion from './templates/x1c-version.json' with { type: 'json' };
import { MODEL_PRESETS, type TemplateKey } from './models.ts';
import type { SimModel } from './virtual-printer-api.ts';

/** A JSON object as it travels on the wire. */
export type JsonObject = Record<string, unknown>;

interface RawTemplate {
  push: { print: object };
  version: { info: { module: object[] } };
  /** The serial the capture carried (replaced by the virtual printer's). */
  serial: string | null;
}

const RAW: Record<TemplateKey, RawTemplate> = {
  x1c: { push: x1cPush, version: x1cVersion, serial: 'MOCK-X1CMULTIAMS' },
  p1p: { push: p1pPush, version: p1pVersion, serial: null },
  a1: { push: a1Push, version: a1Version, serial: 'MOCK-A1' },
  h2d: { push: h2dPush, version: h2dVersion, serial: 'MOCK-H2D' },
  p2s: { push: p2sPush, version: p2sVersion, serial: 'MOCK-P2S' },
};

const REDACTED = '**REDACTED**';
/** Modules whose `sn` is the printer's own serial (mqtt.md §7). */
const MAIN_MODULES = new Set(['ota', 'esp32', 'ap', 'rv1126']);

/** Initial `print` object and `get_version` module list of one virtual printer. */
export interface PrinterTemplate {
  print: JsonObject;
  modules: JsonObject[];
}

/** The capture for `model`, with `serial` everywhere the capture had its own and the model's names. */
export function buildTemplate(model: SimModel, serial: string, host: string): PrinterTemplate {
  const raw = RAW[MODEL_PRESETS[model].template];
  const swap = (value: unknown): unknown =>
    raw.serial === null ? value : replaceStrings(value, raw.serial, serial);
  const print = swap(structuredClone(raw.push.print)) as JsonObject;
  const modules = swap(structuredClone(raw.version.info.module)) as JsonObject[];

  for (const m of modules) {
    if (MAIN_MODULES.has(String(m['name'])) && m['sn'] === REDACTED) m['sn'] = serial;
  }
  const upgrade = print['upgrade_state'] as JsonObject | undefined;
  if (upgrade && upgrade['sn'] === REDACTED) upgrade['sn'] = serial;
  const ipcam = print['ipcam'] as JsonObject | undefined;
  if (ipcam && ipcam['rtsp_url'] === REDACTED) {
    ipcam['rtsp_url'] = `rtsps://${host}/streaming/live/1`;
  }
  renameModel(model, modules);
  if (model === 'A2L') amsLiteAsUnit16(print, modules);
  for (const key of ['command', 'msg', 'sequence_id']) delete print[key];
  return { print, modules };
}

function renameModel(model: SimModel, modules: JsonObject[]): void {
  const byName = (name: string) => modules.find((m) => m['name'] === name);
  const setProject = (code: string, names: string[]) => {
    for (const name of names) {
      const m = byName(name);
      if (m) m['project_name'] = code;
    }
  };
  if (model === 'P1S') setProject('C12', ['ota', 'esp32']);
  if (model === 'A1 mini') setProject('N1', ['ota', 'esp32', 'mc', 'th']);
  if (model === 'A2L') {
    setProject('N9', ['ota', 'esp32', 'mc', 'th']);
    const ota = byName('ota');
    if (ota) ota['product_name'] = 'Bambu Lab A2L';
  }
  if (model === 'X1E') {
    const ota = byName('ota');
    if (ota) ota['product_name'] = 'Bambu Lab X1E';
    const ap = byName('ap');
    if (ap) ap['hw_ver'] = 'AP02';
  }
}

/** The A2L reports its AMS Lite as unit 16 (`ams_f1/16` in get_version), models.md. */
function amsLiteAsUnit16(print: JsonObject, modules: JsonObject[]): void {
  const ams = print['ams'] as JsonObject | undefined;
  const units = ams?.['ams'];
  if (ams && Array.isArray(units)) {
    for (const u of units as JsonObject[]) if (u['id'] === '0') u['id'] = '16';
    ams['ams_exist_bits'] = (1 << 16).toString(16);
    ams['tray_exist_bits'] = `f${'0'.repeat(16)}`;
  }
  for (const m of modules) if (m['name'] === 'ams_f1/0') m['name'] = 'ams_f1/16';
}

function replaceStrings(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value.split(from).join(to);
  if (Array.isArray(value)) return value.map((v) => replaceStrings(v, from, to));
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = replaceStrings(v, from, to);
    return out;
  }
  return value;
}
