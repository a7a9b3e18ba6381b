import { describe, expect, it } from 'vitest';
import * as b from './command-builders.ts';

describe('command builders (mqtt.md section 9)', () => {
  it('pushall, start and get_version', () => {
    expect(b.buildPushall('7').payload).toEqual({
      pushing: { sequence_id: '7', command: 'pushall', version: 1, push_target: 1 },
    });
    expect(b.buildPushingStart('8').payload).toEqual({
      pushing: { sequence_id: '8', command: 'start' },
    });
    const v = b.buildGetVersion('9');
    expect(v.payload).toEqual({ info: { sequence_id: '9', command: 'get_version' } });
    expect(v).toMatchObject({ cls: 'info', command: 'get_version', qos: 1, control: false });
  });

  it('pause, resume and stop carry an empty param and use QoS 1', () => {
    for (const [fn, name] of [
      [b.buildPause, 'pause'],
      [b.buildResume, 'resume'],
      [b.buildStop, 'stop'],
    ] as const) {
      const c = fn('42');
      expect(c.payload).toEqual({ print: { sequence_id: '42', command: name, param: '' } });
      expect(c).toMatchObject({ cls: 'print', qos: 1, control: true, sequenceId: '42' });
    }
  });

  it('speed level is a string param, QoS 0, and out-of-range levels are refused', () => {
    const c = b.buildSpeedLevel('1', 3);
    expect(c.payload).toEqual({ print: { sequence_id: '1', command: 'print_speed', param: '3' } });
    expect(c.qos).toBe(0);
    expect(() => b.buildSpeedLevel('1', 5 as b.SpeedLevel)).toThrow(RangeError);
  });

  it('ledctrl always carries the timing fields', () => {
    expect(b.buildLight('3', 'chamber_light', 'on').payload).toEqual({
      system: {
        sequence_id: '3',
        command: 'ledctrl',
        led_node: 'chamber_light',
        led_mode: 'on',
        led_on_time: 500,
        led_off_time: 500,
        loop_times: 0,
        interval_time: 0,
      },
    });
    expect(b.buildLight('3', 'work_light', 'flashing').control).toBe(false);
  });

  it('gcode_line ends every line with a newline and rejects empty G-code', () => {
    expect(b.buildGcode('5', 'M104 S220\r\nG28').payload).toEqual({
      print: { sequence_id: '5', command: 'gcode_line', param: 'M104 S220\nG28\n' },
    });
    expect(b.buildGcode('5', 'G28\n').payload).toMatchObject({ print: { param: 'G28\n' } });
    expect(() => b.buildGcode('5', ' \n\n')).toThrow(RangeError);
  });

  it('AMS load: target is the global tray id; external spool uses slot 0 / target 254', () => {
    expect(b.buildAmsLoad('6', { amsId: 1, slot: 2, nozzleTemp: 230 }).payload).toEqual({
      print: {
        sequence_id: '6',
        command: 'ams_change_filament',
        ams_id: 1,
        slot_id: 2,
        target: 6,
        curr_temp: 230,
        tar_temp: 230,
      },
    });
    expect(b.buildAmsLoad('6', { amsId: 128, slot: 0 }).payload).toMatchObject({
      print: { ams_id: 128, slot_id: 0, target: 128, tar_temp: 220 },
    });
    expect(b.buildAmsLoad('6', { amsId: 255, slot: 3 }).payload).toMatchObject({
      print: { ams_id: 255, slot_id: 0, target: 254 },
    });
    expect(() => b.buildAmsLoad('6', { amsId: 0, slot: 4 })).toThrow(RangeError);
  });

  it('AMS unload uses slot_id and target 255', () => {
    expect(b.buildAmsUnload('7', { amsId: 0 }).payload).toEqual({
      print: {
        sequence_id: '7',
        command: 'ams_change_filament',
        ams_id: 0,
        slot_id: 255,
        target: 255,
        curr_temp: 220,
        tar_temp: 220,
      },
    });
    expect(b.buildAmsUnload('7').payload).toMatchObject({ print: { ams_id: 255 } });
  });

  it('ams_control and skip_objects', () => {
    expect(b.buildAmsControl('8', 'resume').payload).toEqual({
      print: { sequence_id: '8', command: 'ams_control', param: 'resume' },
    });
    expect(b.buildSkipObjects('9', [206, 318]).payload).toEqual({
      print: { sequence_id: '9', command: 'skip_objects', obj_list: [206, 318] },
    });
    expect(() => b.buildSkipObjects('9', [])).toThrow(RangeError);
    expect(() => b.buildSkipObjects('9', [1.5])).toThrow(RangeError);
  });

  it('project_file: the minimal LAN form of mqtt.md 9.4 with defaults', () => {
    const c = b.buildProjectFile('10', { fileName: 'myjob.gcode.3mf', amsMapping: [0, 1] });
    expect(c).toMatchObject({ cls: 'print', command: 'project_file', qos: 1, control: true });
    expect(c.payload).toEqual({
      print: {
        sequence_id: '10',
        command: 'project_file',
        param: 'Metadata/plate_1.gcode',
        url: 'ftp:///myjob.gcode.3mf',
        file: 'myjob.gcode.3mf',
        md5: '',
        subtask_name: 'myjob',
        project_id: '0',
        profile_id: '0',
        task_id: '0',
        subtask_id: '0',
        bed_type: 'auto',
        timelapse: false,
        bed_leveling: true,
        flow_cali: true,
        vibration_cali: true,
        layer_inspect: false,
        use_ams: true,
        ams_mapping: [0, 1],
        ams_mapping2: [
          { ams_id: 0, slot_id: 0 },
          { ams_id: 0, slot_id: 1 },
        ],
      },
    });
  });

  it('project_file: options override the defaults; use_ams stays a boolean', () => {
    const c = b.buildProjectFile('11', {
      fileName: '/jobs/Cube.3mf',
      plate: 3,
      url: 'file:///sdcard/jobs/Cube.3mf',
      jobName: 'Cube v2',
      amsMapping: [-1, 129],
      useAms: false,
      bedLeveling: false,
      flowCalibration: false,
      vibrationCalibration: false,
      timelapse: true,
      layerInspect: true,
      bedType: 'textured_plate',
      md5: 'ABC',
    });
    expect(c.payload['print']).toMatchObject({
      param: 'Metadata/plate_3.gcode',
      url: 'file:///sdcard/jobs/Cube.3mf',
      file: 'jobs/Cube.3mf',
      subtask_name: 'Cube v2',
      use_ams: false,
      bed_leveling: false,
      flow_cali: false,
      vibration_cali: false,
      timelapse: true,
      layer_inspect: true,
      bed_type: 'textured_plate',
      md5: 'ABC',
      ams_mapping: [-1, 129],
      ams_mapping2: [
        { ams_id: 255, slot_id: 255 },
        { ams_id: 129, slot_id: 0 },
      ],
    });
    const plain = b.buildProjectFile('12', { fileName: 'a.gcode.3mf' }).payload['print'];
    expect(plain).toMatchObject({ use_ams: false, ams_mapping: [], subtask_name: 'a' });
    expect(plain).not.toHaveProperty('ams_mapping2');
    expect(() => b.buildProjectFile('13', { fileName: '' })).toThrow(RangeError);
    expect(() => b.buildProjectFile('13', { fileName: 'a.3mf', plate: 0 })).toThrow(RangeError);
  });

  it('ams mapping entries: external spool, deputy nozzle, A2L AMS Lite, AMS HT, unused', () => {
    expect(b.amsMappingEntry(-1)).toEqual({ flat: -1, detailed: { ams_id: 255, slot_id: 255 } });
    expect(b.amsMappingEntry(255)).toEqual({ flat: -1, detailed: { ams_id: 255, slot_id: 0 } });
    expect(b.amsMappingEntry(254)).toEqual({ flat: -1, detailed: { ams_id: 255, slot_id: 0 } });
    expect(b.amsMappingEntry(254, true)).toEqual({
      flat: -1,
      detailed: { ams_id: 254, slot_id: 0 },
    });
    expect(b.amsMappingEntry(66)).toEqual({ flat: 2, detailed: { ams_id: 16, slot_id: 2 } });
    expect(b.amsMappingEntry(130)).toEqual({ flat: 130, detailed: { ams_id: 130, slot_id: 0 } });
    expect(b.amsMappingEntry(7)).toEqual({ flat: 7, detailed: { ams_id: 1, slot_id: 3 } });
  });

  it('project_file: never use_ams true with an empty mapping; trays are checked', () => {
    expect(() => b.buildProjectFile('1', { fileName: 'a.3mf', useAms: true })).toThrow(
      /use_ams needs a mapping/,
    );
    expect(() =>
      b.buildProjectFile('1', { fileName: 'a.3mf', useAms: true, amsMapping: [255] }),
    ).toThrow(/use_ams needs a mapping/);
    expect(() => b.buildProjectFile('1', { fileName: 'a.3mf', amsMapping: [20] })).toThrow(
      /ams mapping entry 20 is no tray/,
    );
    const ext = b.buildProjectFile('1', { fileName: 'a.3mf', amsMapping: [255] }).payload['print'];
    expect(ext).toMatchObject({
      use_ams: false,
      ams_mapping: [-1],
      ams_mapping2: [{ ams_id: 255, slot_id: 0 }],
    });
  });

  it('project_file url: file:///sdcard/ only for subfolders on legacy SD card printers', () => {
    expect(b.projectFileUrl('a.3mf', true)).toBe('ftp:///a.3mf');
    expect(b.projectFileUrl('d/a.3mf', true)).toBe('file:///sdcard/d/a.3mf');
    expect(b.projectFileUrl('d/a.3mf', false)).toBe('ftp:///d/a.3mf');
    const x1 = b.buildProjectFile('1', { fileName: '/d/a.3mf', legacySdCard: true });
    expect(x1.payload['print']).toMatchObject({ url: 'file:///sdcard/d/a.3mf', file: 'd/a.3mf' });
  });

  it('ledctrl flashing uses Studio defaults (loop 1, interval 1000)', () => {
    expect(b.buildLight('1', 'chamber_light2', 'flashing').payload['system']).toMatchObject({
      led_node: 'chamber_light2',
      led_mode: 'flashing',
      led_on_time: 500,
      led_off_time: 500,
      loop_times: 1,
      interval_time: 1000,
    });
  });
});
