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
import { loadedTrays, proposeAmsMapping } from './ams-mapping.ts';
import { assertCanStart, awaitJobStart, type PrintLink } from './await-job-start.ts';
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
}

/** Where a print is in its life, for progress displays. */
export type PrintPhase =
  | { phase: 'uploading'; progress: UploadProgress }
  | { phase: 'starting' }
  | { phase: 'started'; state: PrinterState };

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
  onProgress?: (p: PrintPhase) => void;
  signal?: AbortSignal;
  uploadTimeoutMs?: number;
}

export interface SendResult {
  /** Path on the printer's storage. */
  readonly remotePath: string;
  readonly plate: number;
  readonly upload: UploadResult;
  /** The state that showed the job started; null with `sendOnly`. */
  readonly started: PrinterState | null;
}

/** `cube.gcode.3mf` → `cube`. */
export function jobNameOf(fileName: string): string {
  return basename(fileName).replace(/(\.gcode)?\.3mf$/i, '');
}

function resolveMapping(
  opts: JobOptions,
  plate: ThreeMfPlate,
  state: PrinterState | null,
): readonly number[] | undefined {
  if (opts.amsMapping !== 'auto') return opts.amsMapping;
  const trays = state ? loadedTrays(state) : [];
  if (trays.length === 0) return undefined;
  return proposeAmsMapping(plate.filaments, trays).mapping;
}

/**
 * Starts a file that is already on the printer ("print again"): sends `project_file` and
 * follows the state until the job runs. Throws PrintStartError or LinkError.
 */
export async function startProjectFile(
  link: PrintLink,
  remotePath: string,
  plate: ThreeMfPlate | number,
  opts: JobOptions = {},
): Promise<PrinterState> {
  assertCanStart(link);
  const fileName = remotePath.replace(/^\/+/, '');
  const jobName = opts.jobName ?? jobNameOf(fileName);
  const plateIndex = typeof plate === 'number' ? plate : plate.index;
  const mapping =
    typeof plate === 'number'
      ? opts.amsMapping === 'auto'
        ? undefined
        : opts.amsMapping
      : resolveMapping(opts, plate, link.state);
  const before = link.state;
  const started = awaitJobStart(link, jobName, before, opts.startTimeoutMs ?? 120_000);
  started.catch(() => undefined);
  try {
    await link.printProjectFile({
      fileName,
      plate: plateIndex,
      jobName,
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
    });
  } catch (err) {
    if (err instanceof LinkError && err.code === 'command-failed') {
      throw new PrintStartError('refused', err.message, { cause: err });
    }
    throw err;
  }
  return started;
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
  if (opts.sendOnly)
    return { remotePath: upload.remotePath, plate: plate.index, upload, started: null };
  if (opts.signal?.aborted) {
    throw new PrintStartError(
      'no-start',
      `the print on printer ${link.serial} was cancelled after the upload`,
    );
  }
  opts.onProgress?.({ phase: 'starting' });
  const state = await startProjectFile(link, upload.remotePath, plate, opts);
  opts.onProgress?.({ phase: 'started', state });
  return { remotePath: upload.remotePath, plate: plate.index, upload, started: state };
}
