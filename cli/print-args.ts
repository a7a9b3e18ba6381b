import { FTPS_PORT } from '../core/ftps/ftps-client.ts';
import type { JobOptions } from '../core/printing/start-print.ts';
import { PRINTER_FLAGS, PRINTER_FLAGS_HELP, UsageError } from './args.ts';
import { EXIT_CODES_HELP } from './exit-codes.ts';

/** Full --help text of bambu-print. */
export const PRINT_USAGE = `Usage: bambu-print FILE.gcode.3mf --host HOST --serial SERIAL --access-code CODE [options]
       bambu-print FILE.gcode.3mf --info [--json]

Upload a sliced .gcode.3mf to a Bambu Lab printer over FTPS and start one plate.
The printer must be in LAN-only mode with Developer Mode for the start command.

${PRINTER_FLAGS_HELP}
  --ftp-port PORT       FTPS port (default ${FTPS_PORT})

File and job:
  --info                print the plates and filaments of FILE, then exit (no printer needed)
  --plate N             plate to print (required when the file has several)
  --ams-mapping LIST    tray per slicer filament, e.g. 0,1,-1 (AMS 1 slots 1-2; 4 = AMS 2 slot 1;
                        -1 = not used); default: proposed from the loaded trays by material and colour
  --no-ams              print from the external spool
  --send-only           upload only; start later with --print-again
  --print-again         FILE is a file already on the printer: start it without uploading
  --name NAME           name on the printer (default: FILE's name, spaces made _)
  --no-leveling         skip auto bed levelling
  --no-flow-cali        skip flow-dynamics calibration
  --no-vibration-cali   skip vibration compensation
  --timelapse           record a timelapse
  --layer-inspect       first-layer inspection (X1)
  --bed-type TYPE       auto (default), cool_plate, eng_plate, hot_plate, textured_plate
  --force               print even if the file was sliced for another printer model
  --timeout SEC         wait this long for the printer to start the job (default 120)
  --json                print the result (or --info) as JSON
  -h, --help            this text

${EXIT_CODES_HELP}

Examples:
  bambu-print cube.gcode.3mf --info
  BAMBU_ACCESS_CODE=12345678 bambu-print cube.gcode.3mf --host 192.168.1.50 --serial 01P00A3B1300123
  bambu-print set.gcode.3mf --host 192.168.1.50 --serial 01P00A3B1300123 --plate 2 --ams-mapping 0,-1,2`;

export const PRINT_FLAGS = {
  ...PRINTER_FLAGS,
  'ftp-port': { type: 'string' },
  info: { type: 'boolean' },
  plate: { type: 'string' },
  'ams-mapping': { type: 'string' },
  'no-ams': { type: 'boolean' },
  'send-only': { type: 'boolean' },
  'print-again': { type: 'boolean' },
  name: { type: 'string' },
  'no-leveling': { type: 'boolean' },
  'no-flow-cali': { type: 'boolean' },
  'no-vibration-cali': { type: 'boolean' },
  timelapse: { type: 'boolean' },
  'layer-inspect': { type: 'boolean' },
  'bed-type': { type: 'string' },
  force: { type: 'boolean' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** The parsed values bambu-print reads besides the printer flags. */
export interface PrintFlagValues {
  'ftp-port'?: string | undefined;
  plate?: string | undefined;
  'no-ams'?: boolean | undefined;
  'no-leveling'?: boolean | undefined;
  'no-flow-cali'?: boolean | undefined;
  'no-vibration-cali'?: boolean | undefined;
  timelapse?: boolean | undefined;
  'layer-inspect'?: boolean | undefined;
  'bed-type'?: string | undefined;
  timeout?: string | undefined;
}

const BED_TYPES = new Set([
  'auto',
  'cool_plate',
  'eng_plate',
  'hot_plate',
  'textured_plate',
  'supertack_plate',
]);

function positiveInt(text: string, what: string, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > max) {
    throw new UsageError(`${what} must be a whole number from 1 to ${max}, not "${text}"`);
  }
  return n;
}

/** FTPS port from --ftp-port. */
export function ftpPortOf(values: PrintFlagValues): number {
  return values['ftp-port'] === undefined
    ? FTPS_PORT
    : positiveInt(values['ftp-port'], '--ftp-port', 65535);
}

/** Plate from --plate, or undefined. */
export function plateOf(values: PrintFlagValues): number | undefined {
  return values.plate === undefined ? undefined : positiveInt(values.plate, '--plate', 999);
}

/** The job switches of the command line (the AMS mapping is resolved separately). */
export function jobOptionsOf(values: PrintFlagValues): JobOptions {
  const bedType = values['bed-type'] ?? 'auto';
  if (!BED_TYPES.has(bedType)) {
    throw new UsageError(
      `--bed-type must be one of ${[...BED_TYPES].join(', ')}, not "${bedType}"`,
    );
  }
  const timeoutSec = values.timeout === undefined ? 120 : Number(values.timeout);
  if (!Number.isFinite(timeoutSec) || timeoutSec <= 0) {
    throw new UsageError(`--timeout must be a positive number of seconds, not "${values.timeout}"`);
  }
  const plate = plateOf(values);
  return {
    ...(plate === undefined ? {} : { plate }),
    ...(values['no-ams'] ? { useAms: false } : {}),
    bedLeveling: !values['no-leveling'],
    flowCalibration: !values['no-flow-cali'],
    vibrationCalibration: !values['no-vibration-cali'],
    timelapse: values.timelapse === true,
    layerInspect: values['layer-inspect'] === true,
    bedType,
    startTimeoutMs: timeoutSec * 1000,
  };
}
