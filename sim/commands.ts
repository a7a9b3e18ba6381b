import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defaultJobParams, type JobParamsResolver } from './job-params.ts';
import { PRINT_ERROR, type JobStart } from './print-job.ts';
import type { PrinterModel } from './printer-model.ts';
import { jobNameFromFile, plateFromParam, storagePathFromUrl } from './storage-url.ts';
import type { JsonObject } from './templates.ts';
import { handleAmsChange, handleGcodeLine, handleLedCtrl } from './device-commands.ts';

/** What the printer does after a request: replies to publish and pushes to send. */
export interface CommandOutcome {
  replies: JsonObject[];
  /** `pushall`: send the full state now. */
  pushFull: boolean;
  /** State changed (or `pushing.start`): send a periodic push now. */
  pushNow: boolean;
}

export interface CommandContext {
  model: PrinterModel;
  /** When set, `project_file` requires its file to exist here. */
  storageDir: string | undefined;
  resolveJob: JobParamsResolver | undefined;
}

/** Error code of a command refused for a missing signature (hms.md §2.4). */
export const SIGNATURE_ERR_CODE = 84033543;
const CLASSES = ['pushing', 'info', 'print', 'system', 'camera', 'xcam', 'upgrade'] as const;

const asObject = (v: unknown): JsonObject | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;

/** The reply a printer sends: the request echoed under the same class, plus `result`/`reason`. */
export function reply(
  cls: string,
  request: JsonObject,
  result: string,
  reason: string,
  extra: JsonObject = {},
): JsonObject {
  return { [cls]: { ...request, ...extra, result, reason } };
}

/** Handles one parsed request message (it may carry several class keys). */
export async function handleRequest(
  ctx: CommandContext,
  message: JsonObject,
): Promise<CommandOutcome> {
  const out: CommandOutcome = { replies: [], pushFull: false, pushNow: false };
  for (const cls of CLASSES) {
    const body = asObject(message[cls]);
    if (!body || typeof body['command'] !== 'string') continue;
    await handleOne(ctx, cls, body, out);
  }
  return out;
}

async function handleOne(
  ctx: CommandContext,
  cls: (typeof CLASSES)[number],
  req: JsonObject,
  out: CommandOutcome,
): Promise<void> {
  const command = req['command'] as string;
  const unsupported = () => out.replies.push(reply(cls, req, 'fail', 'unsupported command'));
  switch (cls) {
    case 'pushing':
      if (command === 'pushall') out.pushFull = true;
      else if (command === 'start') out.pushNow = true;
      else if (command !== 'stop') unsupported();
      return;
    case 'info':
      if (command !== 'get_version') return void unsupported();
      out.replies.push(
        reply(cls, req, 'success', '', { module: structuredClone(ctx.model.modules) }),
      );
      return;
    case 'system':
      if (command !== 'ledctrl') return void unsupported();
      out.replies.push(handleLedCtrl(ctx.model, req));
      out.pushNow = true;
      return;
    case 'print':
      if (ctx.model.requireSignature) {
        ctx.model.flagSignatureRefusal();
        out.replies.push(
          reply(cls, req, 'failed', 'mqtt message verify failed', { err_code: SIGNATURE_ERR_CODE }),
        );
        out.pushNow = true;
        return;
      }
      out.replies.push(await handlePrint(ctx, req));
      ctx.model.refresh();
      out.pushNow = true;
      return;
    case 'camera':
    case 'xcam':
    case 'upgrade':
      unsupported();
      return;
  }
}

async function handlePrint(ctx: CommandContext, req: JsonObject): Promise<JsonObject> {
  const { machine } = ctx.model;
  const result = (ok: boolean, reason: string) =>
    reply('print', req, ok ? 'success' : 'fail', ok ? '' : reason);
  switch (req['command']) {
    case 'pause':
      return result(machine.pause(), 'no job is running');
    case 'resume':
      return result(machine.resume(), 'the job is not paused');
    case 'stop':
      return result(machine.stop(), 'no job to stop');
    case 'print_speed':
      return result(machine.setSpeed(Number(req['param'])), 'speed level must be 1 to 4');
    case 'clean_print_error':
      machine.printError = 0;
      return result(true, '');
    case 'skip_objects': {
      const list = req['obj_list'];
      if (!machine.busy) return result(false, 'no job is running');
      if (!Array.isArray(list) || !list.every((n) => Number.isInteger(n))) {
        return result(false, 'obj_list must be a list of object ids');
      }
      machine.skipped = [...new Set([...machine.skipped, ...(list as number[])])];
      return result(true, '');
    }
    case 'gcode_line':
      return handleGcodeLine(ctx.model, req);
    case 'ams_change_filament':
      return handleAmsChange(ctx.model, req);
    case 'ams_control': {
      const ok = ['resume', 'reset', 'pause', 'done', 'abort'].includes(String(req['param']));
      return result(ok, 'param must be resume, reset, pause, done or abort');
    }
    case 'project_file':
      return startProject(ctx, req);
    default:
      return reply('print', req, 'fail', 'unsupported command');
  }
}

/** `project_file`: refuse when busy, check storage, then start the job (mqtt.md §9.4). */
async function startProject(ctx: CommandContext, req: JsonObject): Promise<JsonObject> {
  const { machine } = ctx.model;
  const fail = (reason: string) => reply('print', req, 'FAIL', reason);
  if (machine.busy) {
    machine.flagError(PRINT_ERROR.busy, true);
    return fail('printer is busy with another job');
  }
  const url = typeof req['url'] === 'string' ? req['url'] : '';
  const path = storagePathFromUrl(url);
  const file = (typeof req['file'] === 'string' && req['file']) || path?.split('/').pop() || url;
  const plate = plateFromParam(req['param']);
  const name = typeof req['subtask_name'] === 'string' && req['subtask_name'];
  const stages = [
    2,
    13,
    ...(req['bed_leveling'] === true || req['bed_levelling'] === true ? [1] : []),
    ...(req['vibration_cali'] === true ? [3] : []),
    7,
    ...(req['flow_cali'] === true ? [8] : []),
    14,
  ];
  const params = {
    ...defaultJobParams(file, plate),
    ...(await ctx.resolveJob?.(path ?? file, plate)),
  };
  const job: JobStart = { file, plate, subtaskName: name || jobNameFromFile(file), stages, params };

  if (ctx.storageDir !== undefined) {
    const error =
      path === undefined ? PRINT_ERROR.unsupportedPath : await missing(ctx.storageDir, path);
    if (error) {
      machine.start(job);
      machine.fail(error);
      return fail(error === PRINT_ERROR.storage ? 'file not found on storage' : 'unsupported url');
    }
  }
  machine.start(job);
  return reply('print', req, 'SUCCESS', '');
}

async function missing(root: string, path: string): Promise<number> {
  try {
    const s = await stat(resolve(root, path));
    return s.isFile() ? 0 : PRINT_ERROR.storage;
  } catch {
    return PRINT_ERROR.storage;
  }
}
