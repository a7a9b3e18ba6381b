/**
 * The normalized state of one printer: what every part of Farmdeck reads.
 * Built from the merged MQTT `print` object by `normalizeState` (normalize-state.ts).
 * Temperatures are °C, times are minutes unless named otherwise, percentages are 0-100.
 */

/** Job status in words a person reads; `gcodeState` keeps the printer's raw value. */
export type PrinterStatus =
  'idle' | 'preparing' | 'printing' | 'paused' | 'finished' | 'failed' | 'offline' | 'unknown';

export const PRINTER_STATUSES: readonly PrinterStatus[] = [
  'idle',
  'preparing',
  'printing',
  'paused',
  'finished',
  'failed',
  'offline',
  'unknown',
];

export type LightMode = 'on' | 'off' | 'flashing';

export interface Temperature {
  /** Current temperature, °C. */
  readonly temp: number | null;
  /** Target temperature, °C (0 = heater off). */
  readonly target: number | null;
}

export interface Nozzle extends Temperature {
  /** Nozzle diameter in mm (0.2, 0.4, ...). */
  readonly diameter: number | null;
  /** Nozzle type as reported: `hardened_steel`, `stainless_steel` or a code such as `HS01`. */
  readonly type: string | null;
}

export interface Fans {
  /** Part-cooling fan, percent. */
  readonly partCooling: number | null;
  /** Auxiliary (side) fan, percent. */
  readonly aux: number | null;
  /** Chamber / exhaust fan, percent. */
  readonly chamber: number | null;
  /** Hotend heatbreak fan, percent. */
  readonly heatbreak: number | null;
}

export interface Tray {
  /** Slot within its unit, 0-based. */
  readonly slot: number;
  readonly empty: boolean;
  /** Material such as `PLA`, `PETG`; null when unknown or empty. */
  readonly material: string | null;
  /** Colour as `#RRGGBB`; null when unknown, empty, or clear filament (`alpha` 0). */
  readonly color: string | null;
  /**
   * Opacity 0-255 when the filament is not opaque (`tray_color` `RRGGBBAA` with `AA` below `FF`);
   * absent when opaque or unknown. 0 is clear (transparent) filament: `00000000` on a loaded tray.
   */
  readonly alpha?: number | undefined;
  /** Remaining filament, percent; null when the printer does not estimate it (-1 on the wire). */
  readonly remainPercent: number | null;
}

export type AmsKind = 'ams' | 'ams-lite' | 'ams-2-pro' | 'ams-ht' | 'unknown';

export interface AmsUnit {
  /** Unit id: 0-3 for AMS / AMS Lite / AMS 2 Pro, 128-135 for AMS HT. */
  readonly id: number;
  readonly kind: AmsKind;
  /** Humidity index 1-5, 5 = driest (the printer's own scale). */
  readonly humidityIndex: number | null;
  /** Relative humidity, percent, when the unit reports it. */
  readonly humidityPercent: number | null;
  /** Unit temperature, °C; null when the unit has no sensor. */
  readonly temp: number | null;
  readonly trays: readonly Tray[];
}

export interface ExternalSpool extends Tray {
  /** Virtual tray id: 255 main/right extruder, 254 deputy/left (older single-extruder firmware: 254). */
  readonly id: number;
}

export type HmsSeverity = 'fatal' | 'serious' | 'common' | 'info' | 'unknown';

export interface HmsEntry {
  /** `XXXX_XXXX_XXXX_XXXX`, upper-case hex, as Bambu's wiki writes it. */
  readonly code: string;
  readonly severity: HmsSeverity;
  /** Module that raised it, e.g. `mc`, `toolhead`, `ams`, `xcam`. */
  readonly module: string;
  /** English text from the shipped table, or a generic text naming the code when unknown. */
  readonly message: string;
  /** Bambu wiki page for this code. */
  readonly url: string;
}

export interface PrintError {
  /** `XXXX_XXXX`, upper-case hex. */
  readonly code: string;
  readonly message: string;
}

export interface PrinterState {
  readonly serial: string;
  /** Product name such as `X1C`, `P1S`, `A1 mini`, `H2D`; null when unknown. */
  readonly model: string | null;
  readonly online: boolean;
  readonly status: PrinterStatus;
  /** Raw `gcode_state` (`IDLE`, `PREPARE`, `RUNNING`, ...), null before the first report. */
  readonly gcodeState: string | null;
  /** Text of the current preparation stage (`heating hotend`), null when printing or idle. */
  readonly stage: string | null;
  /** Job progress, percent 0-100. */
  readonly progress: number | null;
  readonly remainingMinutes: number | null;
  readonly layer: number | null;
  readonly totalLayers: number | null;
  readonly jobName: string | null;
  /** Index 0 = main/right nozzle. */
  readonly nozzles: readonly Nozzle[];
  readonly bed: Temperature;
  /** Null on models without a chamber sensor (P1/A1 report a dummy 5 °C). */
  readonly chamber: Temperature | null;
  readonly fans: Fans;
  /** 1 silent, 2 standard, 3 sport, 4 ludicrous. */
  readonly speedLevel: number | null;
  readonly lights: { readonly chamber: LightMode | null };
  readonly ams: readonly AmsUnit[];
  readonly externalSpools: readonly ExternalSpool[];
  readonly hms: readonly HmsEntry[];
  readonly printError: PrintError | null;
  readonly wifiSignalDbm: number | null;
  /** Overall firmware version (`ota` module of get_version), e.g. `01.08.02.00`. */
  readonly firmware: string | null;
  /** True when the printer enforces signed control commands (`fun` bit 29): Developer Mode is off. */
  readonly controlRequiresSignature: boolean;
  /** Door open, where the model reports it; null when unknown. */
  readonly doorOpen: boolean | null;
  /** Storage card present, where reported. */
  readonly sdCard: boolean | null;
  /** RTSP URL advertised by X1/H2/P2S (`ipcam.rtsp_url`), `disable` when live view is off, null when absent. */
  readonly rtspUrl: string | null;
  /** ms since epoch of the last report merged into this state. */
  readonly updatedAt: number;
}
