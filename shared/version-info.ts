/** Parsing of the `info.get_version` reply (mqtt.md section 7, models.md section 2). */
import { modelFromCode, modelInfo } from './models.ts';
import type { ModelName } from './models.ts';
import { arr, isRawObject, obj, text } from './raw-report.ts';

/** One hardware/firmware module of the printer (`ota`, `mc`, `th`, `ams/0`, `n3s/128`...). */
export interface VersionModule {
  readonly name: string;
  /** Software version, `AA.BB.CC.DD`; empty string when not reported. */
  readonly swVer: string;
  /** Hardware revision such as `AP05`, `AMS08`; empty string when not reported. */
  readonly hwVer: string;
  /** Module serial number, when reported. */
  readonly sn?: string;
}

export interface VersionInfo {
  /** Overall firmware version: `sw_ver` of the `ota` module, e.g. `01.08.02.00`. */
  readonly firmware: string | null;
  /** Farmdeck model name (`P1S`, `A1 mini`...) identified from the modules, null when unknown. */
  readonly model: ModelName | null;
  readonly modules: readonly VersionModule[];
}

/**
 * Parses a `get_version` reply: the whole message (`{"info":{...}}`) or its `info` object.
 * Never throws; an unreadable reply gives `{ firmware: null, model: null, modules: [] }`.
 */
export function parseVersionInfo(reply: unknown): VersionInfo {
  const root = obj(reply);
  const info = obj(root?.['info']) ?? root;
  const raw = arr(info?.['module']).filter(isRawObject);
  const modules: VersionModule[] = [];
  for (const m of raw) {
    const name = text(m['name']);
    if (name === null) continue;
    const sn = text(m['sn']);
    modules.push({
      name,
      swVer: text(m['sw_ver']) ?? '',
      hwVer: text(m['hw_ver']) ?? '',
      ...(sn === null ? {} : { sn }),
    });
  }
  const ota = raw.find((m) => text(m['name']) === 'ota');
  return { firmware: text(ota?.['sw_ver']) ?? null, model: identifyModel(raw), modules };
}

/** ha-bambulab's order: product_name, then the main processor's project_name / hw_ver. */
function identifyModel(modules: readonly { [key: string]: unknown }[]): ModelName | null {
  for (const m of modules) {
    const product = text(m['product_name']);
    const found = product === null ? null : modelInfo(product);
    if (found) return found.name;
  }
  for (const m of modules) {
    const name = text(m['name']);
    if (name !== 'ota' && name !== 'esp32' && name !== 'rv1126' && name !== 'ap') continue;
    const code = text(m['project_name']);
    const found = code === null ? null : modelFromCode(code);
    if (found) return found.name;
  }
  for (const m of modules) {
    const hw = text(m['hw_ver']) ?? '';
    const name = text(m['name']);
    if (hw === 'AP02') return 'X1E';
    if (name === 'rv1126' && hw === 'AP05' && !text(m['project_name'])) return 'X1C';
  }
  return null;
}
