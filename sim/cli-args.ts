import { parseArgs } from 'node:util';
import { parseSimModel, SIM_MODELS } from './models.ts';
import { parseQuirks, quirkHelp, type SimQuirkName } from './quirks.ts';
import type { SimModel } from './virtual-printer-api.ts';

/** A mistake on the command line: printed with the usage, exit code 2. */
export class SimUsageError extends Error {
  override readonly name = 'SimUsageError';
}

/** What `bambu-sim` was asked to start. */
export interface SimCliConfig {
  /** Model of each printer, in order (the `--model` list cycled across `--count`). */
  models: SimModel[];
  /** First MQTT port; 0 = a free port for each printer. */
  port: number;
  host: string;
  serial: string | undefined;
  accessCode: string | undefined;
  printing: boolean;
  requireSignature: boolean;
  /** Quirks of real printers switched on for every printer (sim/quirks.ts). */
  quirks: SimQuirkName[];
  intervalMs: number | undefined;
  timeScale: number | undefined;
  json: boolean;
  help: boolean;
}

export const SIM_USAGE = `Usage: bambu-sim [options]

Starts virtual Bambu Lab printers on this machine (TLS MQTT broker, implicit FTPS storage and camera,
all with the printer's credentials), prints how to reach each one, and runs until Ctrl-C.

Options:
  --model LIST          model, or a comma list cycled across --count (default P1S)
                        models: ${SIM_MODELS.join(', ')}
  --count N             number of printers (default: as many as models listed)
  --port P              MQTT/TLS port of the first printer, the next ones count up (default 0: free ports)
  --host HOST           address to listen on (default 127.0.0.1)
  --serial S            serial number (only with a single printer; default: random with the model's prefix)
  --access-code C       LAN access code of every printer (default: 8 random digits each)
  --printing            start a job on every printer right away
  --require-signature   behave like authorization firmware: refuse unsigned control commands
  --quirks LIST         behave like real printers do, a comma list of:
${quirkHelp()}
  --interval-ms N       report interval while printing, ms (default 1000)
  --time-scale N        speed factor of the simulated print clock (default 1)
  --json                one JSON line per printer (model, serial, host, port, accessCode,
                        ftpsPort, cameraPort, certificatePem)
  -h, --help            show this help`;

const positiveNumber = (flag: string, text: string | undefined, min: number, integer: boolean) => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw new SimUsageError(
      `${flag} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got "${text}"`,
    );
  }
  return n;
};

/** Parses `bambu-sim` arguments; throws SimUsageError with a message a person can act on. */
export function parseSimArgs(argv: readonly string[]): SimCliConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        model: { type: 'string' },
        count: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        serial: { type: 'string' },
        'access-code': { type: 'string' },
        printing: { type: 'boolean' },
        'require-signature': { type: 'boolean' },
        quirks: { type: 'string' },
        'interval-ms': { type: 'string' },
        'time-scale': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new SimUsageError(e instanceof Error ? e.message : String(e));
  }
  const names = (values.model ?? 'P1S').split(',').map((s) => s.trim());
  const list = names.map((name) => {
    const model = parseSimModel(name);
    if (!model)
      throw new SimUsageError(`unknown model "${name}" (known: ${SIM_MODELS.join(', ')})`);
    return model;
  });
  const count = positiveNumber('--count', values.count, 1, true) ?? list.length;
  if (count > 1000) throw new SimUsageError('--count must be at most 1000');
  const port = positiveNumber('--port', values.port, 0, true) ?? 0;
  if (port > 0 && port + count - 1 > 65535) {
    throw new SimUsageError(
      `--port ${port} leaves no room for ${count} printers (ports end at 65535)`,
    );
  }
  if (values.serial !== undefined && count !== 1) {
    throw new SimUsageError('--serial names one printer: use it with --count 1');
  }
  const accessCode = values['access-code'];
  if (accessCode !== undefined && !/^[0-9A-Za-z]{1,32}$/.test(accessCode)) {
    throw new SimUsageError('--access-code must be letters and digits (printers use 8 digits)');
  }
  let quirks: SimQuirkName[];
  try {
    quirks = parseQuirks(values.quirks ?? '');
  } catch (e) {
    throw new SimUsageError(`--quirks: ${e instanceof Error ? e.message : String(e)}`);
  }
  const timeScale = positiveNumber('--time-scale', values['time-scale'], 0, false);
  if (timeScale === 0) throw new SimUsageError('--time-scale must be greater than 0');
  return {
    models: Array.from({ length: count }, (_, i) => list[i % list.length]!),
    port,
    host: values.host ?? '127.0.0.1',
    serial: values.serial,
    accessCode,
    printing: values.printing ?? false,
    requireSignature: values['require-signature'] ?? false,
    quirks,
    intervalMs: positiveNumber('--interval-ms', values['interval-ms'], 10, true),
    timeScale,
    json: values.json ?? false,
    help: values.help ?? false,
  };
}
