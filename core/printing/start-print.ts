import { basename } from 'node:path';
import type { PrinterState } from '../../shared/printer-state.ts';
import { FtpsClient, type FtpsConnectOptions, type UploadResult } from '../ftps/ftps-client.ts';
import { printerFileName } from '../ftps/remote-name.ts';
import type { UploadProgress } from '../ftps/upload-progress.ts';
import { LinkError } from '../mqtt/printer-link.ts';
import {
  pickPlate,
  readThreeMf,
  type ThreeMfInfo,
  type ThreeMfPlate,
} from '../threemf/read-threemf.ts';
import { modelMismatch } from '../threemf/sliced-for.ts';
import { modelInfo } from '../../shared/models.ts';
import { isAmsTray } from '../mqtt/command-builders.ts';
import { loadedTrays, missingFilaments, proposePrinterMapping } from './ams-mapping.ts';
import { assertCanStart, watchJobStart, type PrintLink } from './await-job-start.ts';
import { PrintStartError } from './print-error.ts';

/** Job options of `project_file` (mqtt.md §9.4); defaults as Bambu Studio's. */
export interface JobOptions {
  /** 1-based plate; required when the file has several. */
  plate?: number;
  /** Tray per slicer filament (index = filament id - 1, -1 unused); `auto` proposes one from the AMS. */
  amsMapping?: readonly number[] | 'auto';
  /** Default: true when the mapping names a tray. */
  useAms?: boolean;
  bedLeveling?: boolean;
  flowCalibration?: boolean;
  vibrationCalibration?: boolean;
  timelapse?: boolean;
  layerInspect?: boolean;
  /** Default: `auto`. */
  bedType?: string;
  /** Displayed job name; default the file name without `.gcode.3mf`. */
  jobName?: string;
  /** Wait this long for the printer to report the job, ms (default 120 000). */
  startTimeoutMs?: number;
  /** Progress: uploading, starting, unconfirmed (no reply yet), started. */
  onProgress?: (p: PrintPhase) => void;
}

/** Where a print is in its life, for progress displays. */
export type PrintPhase =
  | { phase: 'uploading'; progress: UploadProgress }
  | { phase: 'starting' }
  /** The printer did not answer `project_file` in time; its state may still show the job. */
  | { phase: 'unconfirmed'; message: string }
  | { phase: 'started'; state: PrinterState };

/**
 * How a start ended: `confirmed` when the printer's state showed the job; not confirmed when the
 * `project_file` reply never came and the state did not show the job within the start timeout
 * (the printer may still be starting it: look at its screen). Never a failed print.
 */
export type StartOutcome =
  | { readonly confirmed: true; readonly state: PrinterState }
  | { readonly confirmed: false; readonly state: null; readonly message: string };

export interface SendOptions extends JobOptions {
  /** Name on the printer (default: the local name, made printer-safe). */
  remoteName?: string;
  /** Upload only, do not start ("send only"). */
  sendOnly?: boolean;
  /** Print even though the plate was sliced for another model. */
  allowModelMismatch?: boolean;
  /** The printer's model (`P1S`), for the sliced-for check; default from the link's state. */
  printerModel?: string | null;
  /** Already read file info (send-to-many reads once). */
  info?: ThreeMfInfo;
  signal?: AbortSignal;
  uploadTimeoutMs?: number;
}

export interface SendResult {
  /** Path on the printer's storage. */
  readonly remotePath: string;
  readonly plate: number;
  readonly upload: UploadResult;
  /** The state that showed the job started; null with `sendOnly` or when not confirmed. */
  readonly started: PrinterState | null;
  /** Why the start is not confirmed yet (no reply, no job in the state); null otherwise. */
  readonly unconfirmed: string | null;
}

/** `cube.gcode.3mf` → `cube`. */
export function jobNameOf(fileName: string): string {
  return basename(fileName).replace(/(\.gcode)?\.3mf$/i, '');
}

/**
 * The mapping to send. `auto` proposes one from the loaded AMS trays, and the external spool
 * for a filament only it matches; it refuses when a filament has none, naming it.
 */
function resolveMapping(
  link: PrintLink,
  opts: JobOptions,
  plate: ThreeMfPlate | number,
): readonly number[] | undefined {
  if (opts.amsMapping !== 'auto') {
    if (opts.useAms !== true || opts.amsMapping?.some(isAmsTray) === true) return opts.amsMapping;
    return defaultAmsMapping(link);
  }
  if (typeof plate === 'number' || plate.filaments.length === 0) return undefined;
  const { proposal } = proposePrinterMapping(plate.filaments, link.state);
  if (!proposal.complete) {
    throw new PrintStartError(
      'mapping-incomplete',
      `no loaded tray on printer ${link.serial} matches ${missingFilaments(proposal)}: load it, or choose the trays by hand`,
    );
  }
  return proposal.mapping;
}

/**
 * `useAms` without a mapping ("print again" from the AMS, the file's filaments unknown here):
 * `use_ams: true` never goes with an empty mapping (quirks.md), so filament 1 is fed from the
 * tray in use now, else the first loaded AMS tray, as ha-bambulab's `[0]` template does.
 */
function defaultAmsMapping(link: PrintLink): number[] {
  const trays = link.state ? loadedTrays(link.state) : [];
  const now = link.report?.['ams'];
  const inUse =
    now !== null && typeof now === 'object' && !Array.isArray(now)
      ? Number((now as Record<string, unknown>)['tray_now'])
      : NaN;
  const tray = trays.find((t) => t.tray === inUse) ?? trays[0];
  if (!tray) {
    throw new PrintStartError(
      'mapping-incomplete',
      `printer ${link.serial} has no loaded AMS tray to print from: load one, or print from the external spool`,
    );
  }
  return [tray.tray];
}

/** Resolves after `ms` with `undefined`; the timer is cleared by `stop`. */
function delay(ms: number): { promise: Promise<undefined>; stop: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, ms));
  });
  return { promise, stop: () => clearTimeout(timer) };
}

/**
 * Starts a file that is already on the printer ("print again"): sends `project_file` and
 * follows the state until it shows the job. The state confirms a start, not the reply
 * (quirks.md): a reply that never comes gives `onProgress({phase: 'unconfirmed'})` and the
 * watch goes on until `startTimeoutMs`. Throws PrintStartError (refused, print-error, no-start
 * after a success reply without the job, mapping-incomplete) or LinkError; a failure before
 * the command is sent leaves no listener or timer behind.
 */
export async function startProjectFile(
  link: PrintLink,
  remotePath: string,
  plate: ThreeMfPlate | number,
  opts: JobOptions = {},
): Promise<StartOutcome> {
  assertCanStart(link);
  const fileName = remotePath.replace(/^\/+/, '');
  const jobName = opts.jobName ?? jobNameOf(fileName);
  const plateIndex = typeof plate === 'number' ? plate : plate.index;
  const mapping = resolveMapping(link, opts, plate);
  const model = modelInfo(link.state?.model ?? '');
  const timeoutMs = opts.startTimeoutMs ?? 120_000;
  const sentAt = Date.now();
  const watch = watchJobStart(link, { jobName, fileName }, link.state);
  watch.shown.catch(() => undefined);
  let timer: { promise: Promise<undefined>; stop: () => void } | undefined;
  try {
    const reply = link
      .printProjectFile({
        fileName,
        plate: plateIndex,
        jobName,
        legacySdCard: model !== null && ['x1', 'p1', 'a1'].includes(model.series),
        dualNozzle: (link.state?.nozzles.length ?? 1) > 1,
        ...(mapping ? { amsMapping: mapping } : {}),
        ...(opts.useAms === undefined ? {} : { useAms: opts.useAms }),
        ...(opts.bedLeveling === undefined ? {} : { bedLeveling: opts.bedLeveling }),
        ...(opts.flowCalibration === undefined ? {} : { flowCalibration: opts.flowCalibration }),
        ...(opts.vibrationCalibration === undefined
          ? {}
          : { vibrationCalibration: opts.vibrationCalibration }),
        ...(opts.timelapse === undefined ? {} : { timelapse: opts.timelapse }),
        ...(opts.layerInspect === undefined ? {} : { layerInspect: opts.layerInspect }),
        bedType: opts.bedType ?? 'auto',
      })
      .then(
        () => ({ ok: true as const }),
        (err: unknown) => ({ ok: false as const, err }),
      );
    const first = await Promise.race([watch.shown, reply]);
    if (!('ok' in first)) return { confirmed: true, state: first };
    let silent = false;
    if (!first.ok) {
      const err = first.err;
      if (err instanceof LinkError && err.code === 'command-failed') {
        throw new PrintStartError('refused', err.message, { cause: err });
      }
      // Only a failure before sending fails the start; after it the printer may be printing.
      if (!(err instanceof LinkError && (err.code === 'timeout' || err.sent))) throw err;
      silent = true;
      opts.onProgress?.({
        phase: 'unconfirmed',
        message:
          err.code === 'timeout'
            ? `printer ${link.serial} did not answer the start of ${jobName} yet; waiting for its state to show the job`
            : `the connection to printer ${link.serial} was lost after the start of ${jobName} was sent; waiting for its state to show the job`,
      });
    }
    timer = delay(timeoutMs - (Date.now() - sentAt));
    const state = await Promise.race([watch.shown, timer.promise]);
    if (state !== undefined) return { confirmed: true, state };
    const seconds = Math.round(timeoutMs / 1000);
    if (silent) {
      return {
        confirmed: false,
        state: null,
        message: `printer ${link.serial} neither answered nor showed ${jobName} within ${seconds} s: not confirmed yet, check its screen`,
      };
    }
    throw new PrintStartError(
      'no-start',
      `printer ${link.serial} accepted ${jobName} but did not report the job within ${seconds} s: check its screen`,
    );
  } finally {
    watch.cancel();
    timer?.stop();
  }
}

/**
 * Uploads a sliced `.gcode.3mf` to one printer over FTPS and starts the plate (unless
 * `sendOnly`). Checks first that the file is sliced, the plate exists, the model matches and
 * the printer is free, so nothing is uploaded for a print that cannot start.
 */
export async function sendAndPrint(
  link: PrintLink,
  ftps: FtpsConnectOptions,
  localPath: string,
  opts: SendOptions = {},
): Promise<SendResult> {
  const info = opts.info ?? (await readThreeMf(localPath));
  const plate = pickPlate(info, opts.plate);
  if (!opts.allowModelMismatch) {
    const mismatch = modelMismatch(info, plate, opts.printerModel ?? link.state?.model ?? null);
    if (mismatch) throw mismatch;
  }
  if (!opts.sendOnly) assertCanStart(link);
  const remoteName = opts.remoteName ?? printerFileName(basename(localPath));
  const client = await FtpsClient.connect(ftps);
  let upload: UploadResult;
  try {
    upload = await client.upload(localPath, `/${remoteName}`, {
      ...(opts.onProgress
        ? {
            onProgress: (p: UploadProgress) =>
              opts.onProgress?.({ phase: 'uploading', progress: p }),
          }
        : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.uploadTimeoutMs === undefined ? {} : { timeoutMs: opts.uploadTimeoutMs }),
    });
  } finally {
    client.close();
  }
  if (opts.sendOnly) {
    return {
      remotePath: upload.remotePath,
      plate: plate.index,
      upload,
      started: null,
      unconfirmed: null,
    };
  }
  if (opts.signal?.aborted) {
    throw new PrintStartError(
      'no-start',
      `the print on printer ${link.serial} was cancelled after the upload`,
    );
  }
  opts.onProgress?.({ phase: 'starting' });
  const outcome = await startProjectFile(link, upload.remotePath, plate, opts);
  if (outcome.confirmed) opts.onProgress?.({ phase: 'started', state: outcome.state });
  return {
    remotePath: upload.remotePath,
    plate: plate.index,
    upload,
    started: outcome.state,
    unconfirmed: outcome.confirmed ? null : outcome.message,
  };
}
