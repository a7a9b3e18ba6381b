import { z } from 'zod';
import { PRINTER_STATUSES, type PrinterState } from '../printer-state.ts';

/**
 * zod mirror of `PrinterState` (shared/printer-state.ts), so events carrying a state are checked at the
 * boundary in tests and development. `satisfies` keeps the two in step: a field added to the type and
 * missing here fails the typecheck.
 */
const n = z.number().nullable();

export const TemperatureSchema = z.object({ temp: n, target: n });

export const NozzleSchema = TemperatureSchema.extend({
  diameter: n,
  type: z.string().nullable(),
});

export const TraySchema = z.object({
  slot: z.number(),
  empty: z.boolean(),
  material: z.string().nullable(),
  color: z.string().nullable(),
  alpha: z.number().int().min(0).max(255).optional(),
  remainPercent: n,
});

export const AmsUnitSchema = z.object({
  id: z.number(),
  kind: z.enum(['ams', 'ams-lite', 'ams-2-pro', 'ams-ht', 'unknown']),
  humidityIndex: n,
  humidityPercent: n,
  temp: n,
  trays: z.array(TraySchema),
});

export const HmsEntrySchema = z.object({
  code: z.string(),
  severity: z.enum(['fatal', 'serious', 'common', 'info', 'unknown']),
  module: z.string(),
  message: z.string(),
  url: z.string(),
});

const LightMode = z.enum(['on', 'off', 'flashing']);

export const PrinterStateSchema = z.object({
  serial: z.string(),
  model: z.string().nullable(),
  online: z.boolean(),
  status: z.enum(PRINTER_STATUSES as [PrinterState['status'], ...PrinterState['status'][]]),
  gcodeState: z.string().nullable(),
  stage: z.string().nullable(),
  progress: n,
  remainingMinutes: n,
  layer: n,
  totalLayers: n,
  jobName: z.string().nullable(),
  nozzles: z.array(NozzleSchema),
  bed: TemperatureSchema,
  chamber: TemperatureSchema.nullable(),
  fans: z.object({ partCooling: n, aux: n, chamber: n, heatbreak: n }),
  speedLevel: n,
  lights: z.object({ chamber: LightMode.nullable() }),
  ams: z.array(AmsUnitSchema),
  externalSpools: z.array(TraySchema.extend({ id: z.number() })),
  hms: z.array(HmsEntrySchema),
  printError: z.object({ code: z.string(), message: z.string() }).nullable(),
  wifiSignalDbm: n,
  firmware: z.string().nullable(),
  controlRequiresSignature: z.boolean(),
  doorOpen: z.boolean().nullable(),
  sdCard: z.boolean().nullable(),
  rtspUrl: z.string().nullable(),
  updatedAt: z.number(),
}) satisfies z.ZodType<PrinterState>;
