import type { PrinterState } from '../../shared/printer-state.ts';

/** What the history recorder reads of one printer at one moment. */
export interface JobObservation {
  printerId: string;
  printerName: string;
  serial: string;
  model: string | null;
  online: boolean;
  /** Raw `gcode_state`, null before the first report. */
  gcodeState: string | null;
  /** `subtask_name`. */
  jobName: string;
  /** `gcode_file`, or the job name when the printer does not say. */
  fileName: string;
  plate: number | null;
  /** The printer's own id of the job (`task_id`, else `gcode_start_time`); null when it gives none. */
  jobKey: string | null;
  /** `gcode_start_time` as ms since epoch, null when absent or zero. */
  printerStartedAt: number | null;
  percent: number | null;
  layer: number | null;
  totalLayers: number | null;
  state: PrinterState | null;
}

const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';

/** Reads the job fields of a printer's merged `print` object and its normalized state. */
export function observeJob(
  printer: { id: string; name: string; serial: string },
  online: boolean,
  state: PrinterState | null,
  report: Readonly<Record<string, unknown>> | null,
): JobObservation {
  const raw = report ?? {};
  const jobName = str(raw['subtask_name']).trim() || (state?.jobName ?? '');
  const gcodeFile = str(raw['gcode_file']).trim();
  const taskId = str(raw['task_id']).trim();
  const startSeconds = Number(str(raw['gcode_start_time']));
  const printerStartedAt =
    Number.isFinite(startSeconds) && startSeconds > 1_000_000_000 ? startSeconds * 1000 : null;
  const plateIdx = Number(raw['plate_idx']);
  const jobKey =
    taskId && taskId !== '0'
      ? `task:${taskId}`
      : printerStartedAt !== null
        ? `start:${printerStartedAt}`
        : null;
  return {
    printerId: printer.id,
    printerName: printer.name,
    serial: printer.serial,
    model: state?.model ?? null,
    online,
    gcodeState: state?.gcodeState ?? (str(raw['gcode_state']) || null),
    jobName,
    // Printers report the G-code inside the 3MF (`/data/Metadata/plate_1.gcode`) for some jobs: the
    // job name says more then.
    fileName: gcodeFile && !gcodeFile.startsWith('/data/Metadata/') ? basename(gcodeFile) : jobName,
    plate: Number.isInteger(plateIdx) && plateIdx > 0 ? plateIdx : plateOf(gcodeFile),
    jobKey,
    printerStartedAt,
    percent: state?.progress ?? null,
    layer: state?.layer ?? null,
    totalLayers: state?.totalLayers ?? null,
    state,
  };
}

const basename = (path: string) => path.split('/').pop() ?? path;

function plateOf(gcodeFile: string): number | null {
  const m = /plate_(\d+)\.gcode$/.exec(gcodeFile);
  return m ? Number(m[1]) : null;
}
