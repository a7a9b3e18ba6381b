import type { PrinterModel } from './printer-model.ts';
import type { JsonObject } from './templates.ts';

const ok = (req: JsonObject): JsonObject => ({ print: { ...req, result: 'success', reason: '' } });
const fail = (req: JsonObject, reason: string): JsonObject => ({
  print: { ...req, result: 'fail', reason },
});

/** `system.ledctrl`: updates `lights_report` (when it lists the node) and echoes the request. */
export function handleLedCtrl(model: PrinterModel, req: JsonObject): JsonObject {
  const node = req['led_node'];
  const mode = req['led_mode'];
  if (!['on', 'off', 'flashing'].includes(String(mode)) || typeof node !== 'string') {
    return {
      system: {
        ...req,
        result: 'fail',
        reason: 'led_node and led_mode (on/off/flashing) required',
      },
    };
  }
  const lights = model.print['lights_report'];
  if (Array.isArray(lights)) {
    model.print['lights_report'] = lights.map((l: JsonObject) =>
      l['node'] === node ? { ...l, mode } : l,
    );
  }
  return { system: { ...req, result: 'success', reason: '' } };
}

/** `gcode_line`: accepted; `M104`/`M109 S<t>` set the nozzle target, `M140`/`M190 S<t>` the bed. */
export function handleGcodeLine(model: PrinterModel, req: JsonObject): JsonObject {
  if (typeof req['param'] !== 'string') return fail(req, 'param must hold G-code lines');
  const targets = model.machine.targets;
  for (const line of req['param'].split('\n')) {
    const m = /^\s*M(104|109|140|190)\b.*?\bS(\d+(?:\.\d+)?)/i.exec(line);
    if (!m) continue;
    const value = Number(m[2]);
    if (m[1] === '104' || m[1] === '109') targets.nozzle = value;
    else targets.bed = value;
  }
  return ok(req);
}

/**
 * `ams_change_filament`: load (`target` = global tray id, or `ams_id*4+slot_id`) or unload
 * (`slot_id`/`target` 255); updates `ams.tray_now`/`tray_pre`/`tray_tar` and bumps `ams.version`.
 */
export function handleAmsChange(model: PrinterModel, req: JsonObject): JsonObject {
  const ams = model.print['ams'];
  if (ams === null || typeof ams !== 'object' || Array.isArray(ams)) {
    return fail(req, 'no AMS attached');
  }
  const a = ams as JsonObject;
  const num = (k: string): number | undefined => {
    const v = req[k];
    return typeof v === 'number' ? v : undefined;
  };
  const unload = num('slot_id') === 255 || num('target') === 255;
  const amsId = num('ams_id');
  const slotId = num('slot_id');
  const tray =
    num('target') ?? (amsId !== undefined && slotId !== undefined ? amsId * 4 + slotId : undefined);
  if (!unload && (tray === undefined || tray < 0 || tray > 255)) {
    return fail(req, 'target (global tray id) required');
  }
  a['tray_pre'] = a['tray_now'] ?? '255';
  a['tray_now'] = unload ? '255' : String(tray);
  a['tray_tar'] = a['tray_now'];
  if (typeof a['version'] === 'number') a['version'] += 1;
  return ok(req);
}
