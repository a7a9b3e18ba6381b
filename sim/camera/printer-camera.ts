import type { SimModel } from '../virtual-printer-api.ts';
import { startJpegCameraServer } from './jpeg-camera-server.ts';
import { startRtspCameraServer } from './rtsp-camera-server.ts';

/** Camera settings of a virtual printer. */
export interface VirtualCameraOptions {
  /** Frames per second (default 1 for JPEG like a real P1, 10 for RTSP). */
  readonly fps?: number;
  /** Port (default 0: a free one). */
  readonly port?: number;
  /** Streams served at once (default: 2 on A1/P1, like a P1S; unlimited on RTSP models). */
  readonly maxStreams?: number;
  /** RTSP models: LAN live view off (port closes at once, like an H2 out of the box). */
  readonly liveviewDisabled?: boolean;
  /** Print progress shown on JPEG frames (0-100, null when idle). */
  readonly progress?: () => number | null;
}

/** A running printer camera of either kind. */
export interface PrinterCamera {
  readonly kind: 'jpeg' | 'rtsp';
  readonly port: number;
  close(): Promise<void>;
}

const RTSP_MODELS: ReadonlySet<SimModel> = new Set<SimModel>(['X1C', 'X1E', 'H2D', 'P2S']);

/** Starts the camera the model has: JPEG on port-6000 protocol (A1/P1) or RTSPS (X1/H2/P2S). */
export async function startPrinterCamera(
  printer: {
    readonly model: SimModel;
    readonly serial: string;
    readonly accessCode: string;
    readonly host: string;
  },
  tls: { readonly cert: string; readonly key: string },
  options: VirtualCameraOptions = {},
): Promise<PrinterCamera> {
  const common = {
    serial: printer.serial,
    accessCode: printer.accessCode,
    host: printer.host,
    tls,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.fps === undefined ? {} : { fps: options.fps }),
  };
  if (RTSP_MODELS.has(printer.model)) {
    const server = await startRtspCameraServer({
      ...common,
      ...(options.maxStreams === undefined ? {} : { maxStreams: options.maxStreams }),
      disabled: options.liveviewDisabled === true,
    });
    return { kind: 'rtsp', port: server.port, close: () => server.close() };
  }
  const server = await startJpegCameraServer({
    ...common,
    maxStreams: options.maxStreams ?? 2,
    ...(options.progress ? { progress: options.progress } : {}),
  });
  return { kind: 'jpeg', port: server.port, close: () => server.close() };
}
