/**
 * Bambu Lab printer models: identification (model code, serial prefix, product name) and the
 * capabilities that shape Farmdeck's behaviour (reference: protocol/models.md).
 */
import type { AmsKind } from './printer-state.ts';

/** Farmdeck's name of a model, as shown to people and stored in `PrinterState.model`. */
export type ModelName =
  | 'X1C'
  | 'X1'
  | 'X1E'
  | 'P1P'
  | 'P1S'
  | 'A1'
  | 'A1 mini'
  | 'A2L'
  | 'H2D'
  | 'H2D Pro'
  | 'H2S'
  | 'H2C'
  | 'P2S'
  | 'X2D';

/** Model family, the grouping Bambu's firmware and wiki use. */
export type ModelSeries = 'x1' | 'p1' | 'a1' | 'a2' | 'h2' | 'p2' | 'x2';

/** How the camera is reached on the LAN: JPEG frames over TLS port 6000, or RTSPS on 322. */
export type CameraKind = 'jpeg' | 'rtsp' | 'none';

export interface ModelInfo {
  readonly name: ModelName;
  /** Internal model codes (`C12`, `BL-P001`, `O1D`): `get_version` `project_name`, cloud `dev_model_name`. */
  readonly codes: readonly string[];
  /** First 3 characters of the serial; empty when unknown (H2D Pro). */
  readonly serialPrefixes: readonly string[];
  /** `product_name` of the `ota` module in `get_version` (`Bambu Lab X1-Carbon`). */
  readonly productName: string;
  readonly series: ModelSeries;
  readonly camera: CameraKind;
  /** True when `chamber_temper` is a real sensor (P1/A1 report a dummy 5 °C). */
  readonly chamberSensor: boolean;
  /** True when the model reports a door sensor (X1 from firmware 01.07, X1E from 01.01.02). */
  readonly doorSensor: boolean;
  /** AMS variants the model can drive. */
  readonly amsKinds: readonly AmsKind[];
  /** Number of nozzles (extruders); 2 on H2D, H2D Pro, H2C, X2D. */
  readonly nozzleCount: number;
  /** `full`: every push is a complete object; `delta`: only changed keys between `pushall`s. */
  readonly reportStyle: 'full' | 'delta';
  /** Simultaneous local MQTT sessions the printer tolerates; Farmdeck keeps one per printer. */
  readonly mqttSessionBudget: number;
  /** Simultaneous camera streams the printer serves; Farmdeck keeps one per printer. */
  readonly cameraStreamBudget: number;
  /** Highest TLS version that works for FTPS uploads (1.3 breaks data transfers on several models). */
  readonly ftpsMaxTls: 'TLSv1.2';
  /** Series segment of Bambu wiki HMS pages: `https://wiki.bambulab.com/en/<wikiSeries>/...`. */
  readonly wikiSeries: string;
}

const AMS_CHAIN: readonly AmsKind[] = ['ams', 'ams-2-pro', 'ams-ht'];
const AMS_LITE: readonly AmsKind[] = ['ams-lite'];

type Family = Omit<ModelInfo, 'name' | 'codes' | 'serialPrefixes' | 'productName'>;

const X1: Family = {
  series: 'x1',
  camera: 'rtsp',
  chamberSensor: true,
  doorSensor: true,
  amsKinds: AMS_CHAIN,
  nozzleCount: 1,
  reportStyle: 'full',
  mqttSessionBudget: 4,
  cameraStreamBudget: 2,
  ftpsMaxTls: 'TLSv1.2',
  wikiSeries: 'x1',
};
const P1: Family = {
  ...X1,
  series: 'p1',
  camera: 'jpeg',
  chamberSensor: false,
  doorSensor: false,
  reportStyle: 'delta',
};
const A1: Family = {
  ...P1,
  series: 'a1',
  amsKinds: AMS_LITE,
  mqttSessionBudget: 1,
  wikiSeries: 'a1',
};
const H2: Family = { ...X1, series: 'h2', wikiSeries: 'h2' };

/** The model table (models.md section 1 and 3). */
export const MODELS: readonly ModelInfo[] = [
  {
    ...X1,
    name: 'X1C',
    codes: ['BL-P001'],
    serialPrefixes: ['00M'],
    productName: 'Bambu Lab X1-Carbon',
  },
  { ...X1, name: 'X1', codes: ['BL-P002'], serialPrefixes: ['00M'], productName: 'Bambu Lab X1' },
  { ...X1, name: 'X1E', codes: ['C13'], serialPrefixes: ['03W'], productName: 'Bambu Lab X1E' },
  { ...P1, name: 'P1P', codes: ['C11'], serialPrefixes: ['01S'], productName: 'Bambu Lab P1P' },
  { ...P1, name: 'P1S', codes: ['C12'], serialPrefixes: ['01P'], productName: 'Bambu Lab P1S' },
  { ...A1, name: 'A1', codes: ['N2S'], serialPrefixes: ['039'], productName: 'Bambu Lab A1' },
  {
    ...A1,
    name: 'A1 mini',
    codes: ['N1'],
    serialPrefixes: ['030'],
    productName: 'Bambu Lab A1 mini',
    wikiSeries: 'a1-mini',
  },
  {
    ...A1,
    name: 'A2L',
    codes: ['N9'],
    serialPrefixes: ['26A'],
    productName: 'Bambu Lab A2L',
    series: 'a2',
    reportStyle: 'full',
  },
  {
    ...H2,
    name: 'H2D',
    codes: ['O1D'],
    serialPrefixes: ['094'],
    productName: 'Bambu Lab H2D',
    nozzleCount: 2,
  },
  {
    ...H2,
    name: 'H2D Pro',
    codes: ['O1E', 'O2D'],
    serialPrefixes: [],
    productName: 'Bambu Lab H2D Pro',
    nozzleCount: 2,
  },
  { ...H2, name: 'H2S', codes: ['O1S'], serialPrefixes: ['093'], productName: 'Bambu Lab H2S' },
  {
    ...H2,
    name: 'H2C',
    codes: ['O1C', 'O1C2'],
    serialPrefixes: ['31B'],
    productName: 'Bambu Lab H2C',
    nozzleCount: 2,
  },
  {
    ...X1,
    name: 'P2S',
    codes: ['N7'],
    serialPrefixes: ['22E'],
    productName: 'Bambu Lab P2S',
    series: 'p2',
    wikiSeries: 'p2s',
  },
  {
    ...X1,
    name: 'X2D',
    codes: ['N6'],
    serialPrefixes: ['20P'],
    productName: 'Bambu Lab X2D',
    series: 'x2',
    nozzleCount: 2,
    wikiSeries: 'x2d',
  },
];

/** Lower-case, without spaces, dashes and a leading "Bambu Lab": "A1MINI" ~ "A1 mini". */
function key(s: string): string {
  return s
    .trim()
    .replace(/^bambu\s*lab\s*/i, '')
    .replace(/[\s_-]+/g, '')
    .toLowerCase();
}

/**
 * Model from the serial number's 3-character prefix (`01P...` → P1S), or null.
 * X1 and X1C share `00M`; the X1C is returned (the far more common one).
 */
export function modelFromSerial(serial: string): ModelInfo | null {
  if (typeof serial !== 'string' || serial.length < 3) return null;
  const prefix = serial.slice(0, 3).toUpperCase();
  return MODELS.find((m) => m.serialPrefixes.includes(prefix)) ?? null;
}

/** Model from its internal code (`C12`, `BL-P001`, `O1D`, also `O1D-V2`), case-insensitive, or null. */
export function modelFromCode(code: string): ModelInfo | null {
  if (typeof code !== 'string') return null;
  const wanted = code.trim().toUpperCase();
  const find = (c: string): ModelInfo | undefined => MODELS.find((m) => m.codes.includes(c));
  return find(wanted) ?? find(wanted.replace(/-V\d+$/, '')) ?? null;
}

/**
 * Model from a name: Farmdeck's (`A1 mini`), the product name (`Bambu Lab X1-Carbon`) or the
 * ha-bambulab/cloud spelling (`A1MINI`, `X1 Carbon`, `H2DPRO`), case-insensitive; else null.
 */
export function modelInfo(name: string): ModelInfo | null {
  if (typeof name !== 'string' || name.trim() === '') return null;
  const wanted = key(name);
  if (wanted === 'x1carbon') return MODELS[0] ?? null;
  return MODELS.find((m) => key(m.name) === wanted || key(m.productName) === wanted) ?? null;
}
