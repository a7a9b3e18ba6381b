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

/** `system.ledctrl`: the timing fields matter only for `flashing` but must always be present. */
export function buildLight(seq: string, node: LightNode, mode: LightModeCommand): BuiltCommand {
  return build('system', seq, {
    command: 'ledctrl',
    led_node: node,
    led_mode: mode,
    led_on_time: 500,
    led_off_time: 500,
    loop_times: 0,
    interval_time: 0,
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
  /** Where the printer reads the file (default `ftp:///<fileName>`). */
  url?: string;
  /** Displayed job name (default: the file name without `.gcode.3mf` / `.3mf`). */
  jobName?: string;
  /** Global tray id per 3MF filament (index = filament id - 1), -1 = unused. */
  amsMapping?: readonly number[];
  /** Default: true when `amsMapping` names at least one tray. */
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

/** Detailed mapping entry for a legacy global tray id (mqtt.md 6.8); -1 gives `{255, 255}`. */
export function amsMapping2Entry(tray: number): { ams_id: number; slot_id: number } {
  if (tray < 0) return { ams_id: 255, slot_id: 255 };
  if (tray >= 128) return { ams_id: tray, slot_id: 0 };
  return { ams_id: Math.floor(tray / 4), slot_id: tray % 4 };
}

/** `print.project_file`: start a sliced 3MF already on the printer's storage (mqtt.md 9.4). */
export function buildProjectFile(seq: string, opts: ProjectFileOptions): BuiltCommand {
  const file = opts.fileName.replace(/^\/+/, '');
  if (file === '') throw new RangeError('project_file needs a file name');
  const plate = opts.plate ?? 1;
  checkInt('plate', plate, 1, 999);
  const mapping = opts.amsMapping ?? [];
  for (const t of mapping) checkInt('ams mapping entry', t, -1, 255);
  const baseName = file.slice(file.lastIndexOf('/') + 1).replace(/(\.gcode)?\.3mf$/i, '');
  return build(
    'print',
    seq,
    {
      command: 'project_file',
      param: `Metadata/plate_${plate}.gcode`,
      url: opts.url ?? `ftp:///${file}`,
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
      use_ams: opts.useAms ?? mapping.some((t) => t >= 0),
      ams_mapping: [...mapping],
      ...(mapping.length > 0 ? { ams_mapping2: mapping.map(amsMapping2Entry) } : {}),
    },
    1,
  );
}

function checkInt(what: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`${what} must be an integer from ${min} to ${max}, got ${v}`);
  }
}
