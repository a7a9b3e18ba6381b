/**
 * Builds the normalized `PrinterState` from the merged `print` object (report-merge.ts) and the
 * parsed `get_version` reply. Pure and total: garbage in gives nulls out, never an exception.
 */
import { decodeHmsList, decodePrintError } from './hms.ts';
import { modelFromSerial, modelInfo } from './models.ts';
import type { ModelInfo } from './models.ts';
import { amsUnits, externalSpools } from './normalize-ams.ts';
import {
  bedTemperature,
  chamberLight,
  chamberTemperature,
  fans,
  nozzles,
} from './normalize-temps.ts';
import type { PrinterState, PrinterStatus } from './printer-state.ts';
import { at, bool, int, isRawObject, num, testBit, text } from './raw-report.ts';
import type { RawObject } from './raw-report.ts';
import { isIdleStage, stageText } from './stages.ts';
import type { VersionInfo } from './version-info.ts';

/** What `normalizeState` needs about one printer. */
export interface NormalizeInput {
  readonly serial: string;
  /** The merged `print` object; undefined before the first report. */
  readonly print: RawObject | undefined;
  /** Whether the MQTT session is up and reports are arriving. */
  readonly online: boolean;
  /** Parsed `get_version` reply, when one has arrived. */
  readonly version?: VersionInfo | null;
  /** ms since epoch of the last report merged into `print`. */
  readonly updatedAt: number;
}

const STATUS_BY_GCODE_STATE: Readonly<Record<string, PrinterStatus>> = {
  IDLE: 'idle',
  INIT: 'idle',
  PREPARE: 'preparing',
  SLICING: 'preparing',
  RUNNING: 'printing',
  PAUSE: 'paused',
  FINISH: 'finished',
  FAILED: 'failed',
};

/** Printer status from `gcode_state`; `offline` whenever the link is down. */
export function statusOf(gcodeState: string | null, online: boolean): PrinterStatus {
  if (!online) return 'offline';
  if (gcodeState === null) return 'unknown';
  return STATUS_BY_GCODE_STATE[gcodeState.toUpperCase()] ?? 'unknown';
}

/**
 * Stage text while preparing, paused or printing: `stage._id` (newer) or `stg_cur`; null for
 * 0 (plain printing), -1/255 (idle) and in other states.
 */
function stageOf(print: RawObject, status: PrinterStatus): string | null {
  if (status !== 'preparing' && status !== 'paused' && status !== 'printing') return null;
  const id = int(at(print, 'stage', '_id')) ?? int(print['stg_cur']);
  if (id === null || id === 0 || isIdleStage(id)) return null;
  return stageText(id);
}

function clampPercent(v: unknown): number | null {
  const n = num(v);
  return n === null ? null : Math.min(100, Math.max(0, n));
}

function nonNegative(v: unknown): number | null {
  const n = num(v);
  return n === null || n < 0 ? null : n;
}

/** `"-53dBm"` → -53; numbers pass through; null when unreadable. */
export function parseWifiSignal(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const m = typeof v === 'string' ? /^\s*(-?\d+(?:\.\d+)?)\s*(dbm)?\s*$/i.exec(v) : null;
  return m?.[1] === undefined ? null : Number(m[1]);
}

/**
 * Door state: X1 family reads `home_flag` bit 23 (a signed int32 on the wire), H2/P2/X2 read
 * `stat` bit 23; models without a door sensor give null.
 */
function doorOpen(print: RawObject, model: ModelInfo | null): boolean | null {
  if (model !== null && !model.doorSensor) return null;
  const homeFlag = num(print['home_flag']);
  const fromHomeFlag =
    homeFlag !== null && Number.isInteger(homeFlag) ? ((homeFlag >>> 0) & 0x800000) !== 0 : null;
  if (model?.series === 'x1') return fromHomeFlag;
  return testBit(print['stat'], 23) ?? fromHomeFlag;
}

/** The normalized state of one printer from its merged report. Never throws. */
export function normalizeState(input: NormalizeInput): PrinterState {
  const print: RawObject = isRawObject(input.print) ? input.print : {};
  const serial = typeof input.serial === 'string' ? input.serial : '';
  const version = input.version ?? null;
  const model =
    (version?.model ? modelInfo(version.model) : null) ?? modelFromSerial(serial) ?? null;
  const gcodeState = text(print['gcode_state']);
  const status = statusOf(gcodeState, input.online === true);
  const totalLayers = int(print['total_layer_num']);
  const speed = int(print['spd_lvl']);
  const chamber = model !== null && !model.chamberSensor ? null : chamberTemperature(print);
  return {
    serial,
    model: model?.name ?? null,
    online: input.online === true,
    status,
    gcodeState,
    stage: stageOf(print, status),
    progress: clampPercent(print['mc_percent'] ?? print['percent']),
    remainingMinutes: nonNegative(print['mc_remaining_time'] ?? print['remain_time']),
    layer: totalLayers !== null && totalLayers > 0 ? int(print['layer_num']) : null,
    totalLayers: totalLayers !== null && totalLayers > 0 ? totalLayers : null,
    jobName: text(print['subtask_name']),
    nozzles: nozzles(print),
    bed: bedTemperature(print),
    chamber,
    fans: fans(print),
    speedLevel: speed !== null && speed >= 1 && speed <= 4 ? speed : null,
    lights: { chamber: chamberLight(print) },
    ams: amsUnits(print, version, model),
    externalSpools: externalSpools(print),
    hms: decodeHmsList(print['hms'], model?.name ?? null),
    printError: decodePrintError(print['print_error']),
    wifiSignalDbm: parseWifiSignal(print['wifi_signal']),
    firmware: version?.firmware ?? null,
    controlRequiresSignature: testBit(print['fun'], 29) === true,
    doorOpen: doorOpen(print, model),
    sdCard: bool(print['sdcard']),
    rtspUrl: text(at(print, 'ipcam', 'rtsp_url')),
    updatedAt: Number.isFinite(input.updatedAt) ? input.updatedAt : 0,
  };
}
