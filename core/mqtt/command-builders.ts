/**
 * Pure builders of the MQTT command payloads of mqtt.md section 9. Each returns the message to
 * publish on `device/<serial>/request` plus what the reply tracker needs to match its answer.
 */

/** Message class (top-level key) of a command. */
export type CommandClass = 'print' | 'info' | 'pushing' | 'system';

export interface BuiltCommand {
  readonly cls: CommandClass;
  /** `command` field, echoed by the reply. */
  readonly command: string;
  readonly sequenceId: string;
  /** Bambu Studio's choice: 1 for pause/resume/stop/get_version/project_file, 0 otherwise. */
  readonly qos: 0 | 1;
  /** True for control commands that signing firmware refuses (every `print.*` command). */
  readonly control: boolean;
  /** The whole message, e.g. `{ print: { sequence_id, command, param } }`. */
  readonly payload: Record<string, unknown>;
}

function build(
  cls: CommandClass,
  sequenceId: string,
  body: { command: string } & Record<string, unknown>,
  qos: 0 | 1 = 0,
): BuiltCommand {
  return {
    cls,
    command: body.command,
    sequenceId,
    qos,
    control: cls === 'print',
    payload: { [cls]: { sequence_id: sequenceId, ...body } },
  };
}

/** `pushing.pushall`: ask for a full `push_status` (`msg: 0`). */
export function buildPushall(seq: string): BuiltCommand {
  return build('pushing', seq, { command: 'pushall', version: 1, push_target: 1 });
}

/** `pushing.start`: restart periodic pushes after a silent period. */
export function buildPushingStart(seq: string): BuiltCommand {
  return build('pushing', seq, { command: 'start' });
}

/** `info.get_version`: firmware and module versions (mqtt.md section 7). */
export function buildGetVersion(seq: string): BuiltCommand {
  return build('info', seq, { command: 'get_version' }, 1);
}

export function buildPause(seq: string): BuiltCommand {
  return build('print', seq, { command: 'pause', param: '' }, 1);
}

export function buildResume(seq: string): BuiltCommand {
  return build('print', seq, { command: 'resume', param: '' }, 1);
}

export function buildStop(seq: string): BuiltCommand {
  return build('print', seq, { command: 'stop', param: '' }, 1);
}

/** Speed profile: 1 silent, 2 standard, 3 sport, 4 ludicrous. */
export type SpeedLevel = 1 | 2 | 3 | 4;

export function buildSpeedLevel(seq: string, level: SpeedLevel): BuiltCommand {
  if (![1, 2, 3, 4].includes(level)) throw new RangeError(`speed level must be 1-4, got ${level}`);
  return build('print', seq, { command: 'print_speed', param: String(level) });
}

export type LightNode = 'chamber_light' | 'chamber_light2' | 'work_light' | 'heatbed_light';
export type LightModeCommand = 'on' | 'off' | 'flashing';

/**
 * `system.ledctrl`: the timing fields matter only for `flashing` but must always be present.
 * `flashing` uses Bambu Studio's defaults (loop 1, interval 1000 ms; quirks.md): zeros there
 * leave some firmware blinking nothing.
 */
export function buildLight(seq: string, node: LightNode, mode: LightModeCommand): BuiltCommand {
  const flashing = mode === 'flashing';
  return build('system', seq, {
    command: 'ledctrl',
    led_node: node,
    led_mode: mode,
    led_on_time: 500,
    led_off_time: 500,
    loop_times: flashing ? 1 : 0,
    interval_time: flashing ? 1000 : 0,
  });
}

/** `print.gcode_line`: lines are separated by `\n` and the param ends with one. */
export function buildGcode(seq: string, gcode: string): BuiltCommand {
  const lines = gcode
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.length > 0);
  if (lines.length === 0) throw new RangeError('G-code is empty: give at least one line');
  return build('print', seq, { command: 'gcode_line', param: lines.join('\n') + '\n' });
}

export interface AmsLoadOptions {
  /** AMS unit: 0-3 (AMS, AMS Lite, AMS 2 Pro), 128-135 (AMS HT), 254/255 external spool. */
  amsId: number;
  /** Slot within the unit, 0-3 (0 for AMS HT and the external spool). */
  slot: number;
  /** Nozzle temperature for the change, °C (default 220). */
  nozzleTemp?: number;
}

/** Legacy global tray id (mqtt.md 6.8): `ams*4+slot`, AMS HT unit id, 254 external. */
export function globalTrayId(amsId: number, slot: number): number {
  if (amsId === 254 || amsId === 255) return 254;
  if (amsId >= 128) return amsId;
  return amsId * 4 + slot;
}

/** `print.ams_change_filament` (load). */
export function buildAmsLoad(seq: string, opts: AmsLoadOptions): BuiltCommand {
  checkInt('amsId', opts.amsId, 0, 255);
  checkInt('slot', opts.slot, 0, 3);
  const external = opts.amsId === 254 || opts.amsId === 255;
  const temp = Math.round(opts.nozzleTemp ?? 220);
  return build('print', seq, {
    command: 'ams_change_filament',
    ams_id: opts.amsId,
    slot_id: external ? 0 : opts.slot,
    target: globalTrayId(opts.amsId, opts.slot),
    curr_temp: temp,
    tar_temp: temp,
  });
}

export interface AmsUnloadOptions {
  /** Unit currently feeding the nozzle (default: from the state's `tray_now`, else 255). */
  amsId?: number;
  /** Nozzle temperature for the change, °C (default 220). */
  nozzleTemp?: number;
}

/** `print.ams_change_filament` with `slot_id`/`target` 255 (unload). */
export function buildAmsUnload(seq: string, opts: AmsUnloadOptions = {}): BuiltCommand {
  const amsId = opts.amsId ?? 255;
  checkInt('amsId', amsId, 0, 255);
  const temp = Math.round(opts.nozzleTemp ?? 220);
  return build('print', seq, {
    command: 'ams_change_filament',
    ams_id: amsId,
    slot_id: 255,
    target: 255,
    curr_temp: temp,
    tar_temp: temp,
  });
}

export type AmsControlParam = 'resume' | 'reset' | 'pause' | 'done' | 'abort';

export function buildAmsControl(seq: string, param: AmsControlParam): BuiltCommand {
  return build('print', seq, { command: 'ams_control', param });
}

/** `print.skip_objects`: ids are `identify_id`s from the 3MF's `slice_info.config`. */
export function buildSkipObjects(seq: string, ids: readonly number[]): BuiltCommand {
  if (ids.length === 0) throw new RangeError('skip_objects needs at least one object id');
  for (const id of ids) checkInt('object id', id, 0, Number.MAX_SAFE_INTEGER);
  return build('print', seq, { command: 'skip_objects', obj_list: [...ids] });
}

export interface ProjectFileOptions {
  /** File on the printer's storage, e.g. `cube.gcode.3mf` or `jobs/cube.gcode.3mf`. */
  fileName: string;
  /** 1-based plate (default 1). */
  plate?: number;
  /**
   * Where the printer reads the file. Default: `ftp:///<fileName>`; for a file in a subfolder on
   * an X1/P1/A1 (`legacySdCard`), `file:///sdcard/<fileName>` (quirks.md).
   */
  url?: string;
  /** X1/P1/A1 family ("legacy SD card" printers), for the default `url`. */
  legacySdCard?: boolean;
  /** Two nozzles (H2D, H2C, X2D): tray 254 is the left (deputy) nozzle's external spool. */
  dualNozzle?: boolean;
  /** Displayed job name (default: the file name without `.gcode.3mf` / `.3mf`). */
  jobName?: string;
  /**
   * Tray per 3MF filament (index = filament id - 1), as global tray ids (mqtt.md 6.8): -1 unused,
   * 0-15 AMS unit*4+slot, 64-67 the A2L's AMS Lite (unit 16), 128-135 AMS HT, 255 external spool,
   * 254 external spool of the left nozzle on dual-nozzle printers (else the external spool).
   */
  amsMapping?: readonly number[];
  /**
   * Default: true when `amsMapping` names an AMS tray. True needs a mapping with at least one
   * AMS tray: `use_ams: true` is never sent with an empty mapping (quirks.md).
   */
  useAms?: boolean;
  /** Auto bed levelling (default true). */
  bedLeveling?: boolean;
  /** Flow-dynamics calibration (default true). */
  flowCalibration?: boolean;
  /** Vibration compensation (default true). */
  vibrationCalibration?: boolean;
  /** Record a timelapse (default false). */
  timelapse?: boolean;
  /** First-layer inspection (default false). */
  layerInspect?: boolean;
  /** Plate type (default `auto`). */
  bedType?: string;
  /** MD5 of the 3MF, upper-case hex; empty skips verification on LAN (default ''). */
  md5?: string;
}

/** Unit id the A2L reports for its AMS Lite (models.md); its trays are 64-67 as global ids. */
export const A2L_AMS_LITE_UNIT = 16;
/** External spool trays: 255 main (right) nozzle, 254 deputy (left) on dual-nozzle printers. */
export const EXTERNAL_TRAY = 255;
export const EXTERNAL_TRAY_DEPUTY = 254;

/** True for a global tray id `ams_mapping` can carry (see `ProjectFileOptions.amsMapping`). */
export function isMappableTray(tray: number): boolean {
  return (
    tray === -1 ||
    (tray >= 0 && tray < 16) ||
    (tray >= A2L_AMS_LITE_UNIT * 4 && tray < A2L_AMS_LITE_UNIT * 4 + 4) ||
    (tray >= 128 && tray <= 135) ||
    tray === EXTERNAL_TRAY ||
    tray === EXTERNAL_TRAY_DEPUTY
  );
}

/** True for an AMS tray (not unused, not an external spool). */
export const isAmsTray = (tray: number): boolean =>
  tray >= 0 && tray !== EXTERNAL_TRAY && tray !== EXTERNAL_TRAY_DEPUTY;

/**
 * One filament's entries of `ams_mapping` (flat) and `ams_mapping2` (detailed), mqtt.md 6.8/9.4:
 * - unused: `-1` / `{255, 255}`;
 * - external spool: `-1` / `{255, 0}`, `{254, 0}` for the left nozzle of a dual-nozzle printer
 *   (raw 254/255 in the flat list makes an H2D fail with 07FF_8012);
 * - A2L AMS Lite (unit 16): the local slot / `{16, slot}`;
 * - AMS HT: the unit id / `{unit, 0}`; other AMS: `unit*4+slot` / `{unit, slot}`.
 */
export function amsMappingEntry(
  tray: number,
  dualNozzle = false,
): { flat: number; detailed: { ams_id: number; slot_id: number } } {
  if (tray < 0) return { flat: -1, detailed: { ams_id: 255, slot_id: 255 } };
  if (tray === EXTERNAL_TRAY_DEPUTY && dualNozzle) {
    return { flat: -1, detailed: { ams_id: EXTERNAL_TRAY_DEPUTY, slot_id: 0 } };
  }
  if (tray === EXTERNAL_TRAY || tray === EXTERNAL_TRAY_DEPUTY) {
    return { flat: -1, detailed: { ams_id: EXTERNAL_TRAY, slot_id: 0 } };
  }
  if (tray >= 128) return { flat: tray, detailed: { ams_id: tray, slot_id: 0 } };
  const unit = Math.floor(tray / 4);
  const slot = tray % 4;
  if (unit === A2L_AMS_LITE_UNIT) return { flat: slot, detailed: { ams_id: unit, slot_id: slot } };
  return { flat: tray, detailed: { ams_id: unit, slot_id: slot } };
}

/** Detailed mapping entry for a global tray id (single-nozzle printer); -1 gives `{255, 255}`. */
export function amsMapping2Entry(tray: number): { ams_id: number; slot_id: number } {
  return amsMappingEntry(tray).detailed;
}

/** `ftp:///<path>`, or `file:///sdcard/<path>` for a subfolder on an X1/P1/A1 (quirks.md). */
export function projectFileUrl(file: string, legacySdCard: boolean): string {
  return legacySdCard && file.includes('/') ? `file:///sdcard/${file}` : `ftp:///${file}`;
}

/** `print.project_file`: start a sliced 3MF already on the printer's storage (mqtt.md 9.4). */
export function buildProjectFile(seq: string, opts: ProjectFileOptions): BuiltCommand {
  const file = opts.fileName.replace(/^\/+/, '');
  if (file === '') throw new RangeError('project_file needs a file name');
  const plate = opts.plate ?? 1;
  checkInt('plate', plate, 1, 999);
  const mapping = opts.amsMapping ?? [];
  for (const t of mapping) {
    if (!Number.isInteger(t) || !isMappableTray(t)) {
      throw new RangeError(
        `ams mapping entry ${t} is no tray: use -1 (unused), 0-15 (AMS), 64-67 (A2L AMS Lite), 128-135 (AMS HT), 254/255 (external spool)`,
      );
    }
  }
  const useAms = opts.useAms ?? mapping.some(isAmsTray);
  if (useAms && !mapping.some(isAmsTray)) {
    throw new RangeError(
      'use_ams needs a mapping that names an AMS tray: give the trays, or print from the external spool',
    );
  }
  const entries = mapping.map((t) => amsMappingEntry(t, opts.dualNozzle ?? false));
  const baseName = file.slice(file.lastIndexOf('/') + 1).replace(/(\.gcode)?\.3mf$/i, '');
  return build(
    'print',
    seq,
    {
      command: 'project_file',
      param: `Metadata/plate_${plate}.gcode`,
      url: opts.url ?? projectFileUrl(file, opts.legacySdCard ?? false),
      file,
      md5: opts.md5 ?? '',
      subtask_name: opts.jobName ?? baseName,
      project_id: '0',
      profile_id: '0',
      task_id: '0',
      subtask_id: '0',
      bed_type: opts.bedType ?? 'auto',
      timelapse: opts.timelapse ?? false,
      bed_leveling: opts.bedLeveling ?? true,
      flow_cali: opts.flowCalibration ?? true,
      vibration_cali: opts.vibrationCalibration ?? true,
      layer_inspect: opts.layerInspect ?? false,
      use_ams: useAms,
      ams_mapping: entries.map((e) => e.flat),
      ...(entries.length > 0 ? { ams_mapping2: entries.map((e) => e.detailed) } : {}),
    },
    1,
  );
}

function checkInt(what: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`${what} must be an integer from ${min} to ${max}, got ${v}`);
  }
}
