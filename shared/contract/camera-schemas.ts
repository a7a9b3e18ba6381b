import { z } from 'zod';
import { modelFromCode, modelFromSerial, modelInfo, type ModelInfo } from '../models.ts';
import type { PrinterView } from './farm-schemas.ts';
import { PrinterId } from './farm-schemas.ts';

/** A request for one camera stream (Electron `camera:open-port`, the host's `/camera` query). */
export const CameraOpenRequest = z.object({
  printerId: PrinterId,
  mode: z.enum(['live', 'snapshot']),
  /** Electron only: echoed with the port so the tile that asked picks it up. */
  requestId: z.string().min(1).max(64).optional(),
});
export type CameraOpenRequest = z.infer<typeof CameraOpenRequest>;

/**
 * How the UI shows a printer's camera.
 * `kind`: JPEG frames (A1/P1), RTSP video as fragmented MP4 (X1/H2/P2S), or none.
 * `grid`: `live` when the printer serves enough streams that a live grid tile still leaves one for
 * the printer's own apps, `snapshot` otherwise (a still refreshed slowly), `none` without a camera.
 * `disabled`: the printer reports LAN live view off (H2 out of the box).
 */
export interface CameraView {
  readonly kind: 'jpeg' | 'rtsp' | 'none';
  readonly grid: 'live' | 'snapshot' | 'none';
  readonly disabled: boolean;
}

/** Streams a live grid tile needs: Farmdeck's one, plus one left for Bambu Studio or the Handy app. */
export const LIVE_GRID_MIN_BUDGET = 2;

function modelOf(view: Pick<PrinterView, 'serial' | 'state'>): ModelInfo | null {
  const named = view.state?.model;
  if (named) return modelInfo(named) ?? modelFromCode(named);
  return modelFromSerial(view.serial);
}

/**
 * The camera of a printer as the UI shows it: the kind from the report (`ipcam.rtsp_url` exists only
 * on RTSP models), else from the model table, else JPEG (the rule the engine's camera hub follows).
 */
export function cameraViewOf(view: Pick<PrinterView, 'serial' | 'state'>): CameraView {
  const model = modelOf(view);
  const rtspUrl = view.state?.rtspUrl ?? null;
  const kind = rtspUrl ? 'rtsp' : (model?.camera ?? 'jpeg');
  if (kind === 'none') return { kind, grid: 'none', disabled: false };
  const budget = model?.cameraStreamBudget ?? 1;
  return {
    kind,
    grid: budget >= LIVE_GRID_MIN_BUDGET ? 'live' : 'snapshot',
    disabled: rtspUrl === 'disable',
  };
}
