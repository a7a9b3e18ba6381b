import type { SimModel } from './virtual-printer-api.ts';

/** Which captured template a model starts from (see templates/README.md). */
export type TemplateKey = 'x1c' | 'p1p' | 'a1' | 'h2d' | 'p2s';

/** How a model reports, and what it accepts. Values from mqtt.md §4/§11 and models.md. */
export interface ModelPreset {
  readonly model: SimModel;
  /** First 3 characters of real serials of this model. */
  readonly serialPrefix: string;
  readonly template: TemplateKey;
  /** `full`: every push is the whole `print` object (`msg` 0); `delta`: only changed keys (`msg` 1). */
  readonly reportStyle: 'full' | 'delta';
  /** `stg_cur` while idle: −1 on X1/H2/P2S, 255 on P1/A1. */
  readonly idleStage: number;
  /** Simultaneous MQTT sessions the printer accepts (about 4 on P1/X1, 1 on A1). */
  readonly maxSessions: number;
  /** `gcode_file` during a job: the 3MF name (P1/A1) or the plate path inside it (X1/H2/P2S). */
  readonly gcodeFileStyle: 'name' | 'metadata';
}

const preset = (p: ModelPreset): ModelPreset => p;

/** Every model the simulator can play. */
export const MODEL_PRESETS: Readonly<Record<SimModel, ModelPreset>> = {
  X1C: preset({
    model: 'X1C',
    serialPrefix: '00M',
    template: 'x1c',
    reportStyle: 'full',
    idleStage: -1,
    maxSessions: 4,
    gcodeFileStyle: 'metadata',
  }),
  X1E: preset({
    model: 'X1E',
    serialPrefix: '03W',
    template: 'x1c',
    reportStyle: 'full',
    idleStage: -1,
    maxSessions: 4,
    gcodeFileStyle: 'metadata',
  }),
  P1S: preset({
    model: 'P1S',
    serialPrefix: '01P',
    template: 'p1p',
    reportStyle: 'delta',
    idleStage: 255,
    maxSessions: 4,
    gcodeFileStyle: 'name',
  }),
  P1P: preset({
    model: 'P1P',
    serialPrefix: '01S',
    template: 'p1p',
    reportStyle: 'delta',
    idleStage: 255,
    maxSessions: 4,
    gcodeFileStyle: 'name',
  }),
  A1: preset({
    model: 'A1',
    serialPrefix: '039',
    template: 'a1',
    reportStyle: 'delta',
    idleStage: 255,
    maxSessions: 1,
    gcodeFileStyle: 'name',
  }),
  'A1 mini': preset({
    model: 'A1 mini',
    serialPrefix: '030',
    template: 'a1',
    reportStyle: 'delta',
    idleStage: 255,
    maxSessions: 1,
    gcodeFileStyle: 'name',
  }),
  // No A2L capture yet: the A1 template with the AMS Lite as unit 16 (models.md, bambuddy's A2L block).
  A2L: preset({
    model: 'A2L',
    serialPrefix: '26A',
    template: 'a1',
    reportStyle: 'full',
    idleStage: 255,
    maxSessions: 1,
    gcodeFileStyle: 'name',
  }),
  H2D: preset({
    model: 'H2D',
    serialPrefix: '094',
    template: 'h2d',
    reportStyle: 'full',
    idleStage: -1,
    maxSessions: 4,
    gcodeFileStyle: 'metadata',
  }),
  P2S: preset({
    model: 'P2S',
    serialPrefix: '22E',
    template: 'p2s',
    reportStyle: 'full',
    idleStage: -1,
    maxSessions: 4,
    gcodeFileStyle: 'metadata',
  }),
};

/** All model names, in a stable order. */
export const SIM_MODELS = Object.keys(MODEL_PRESETS) as SimModel[];

/** Accepts `P1S`, `p1s`, `A1 mini`, `a1mini`, `A1-mini`; undefined when unknown. */
export function parseSimModel(text: string): SimModel | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[\s_-]/g, '');
  return SIM_MODELS.find((m) => norm(m) === norm(text));
}
