import { parseSimArgs, SIM_USAGE, SimUsageError, type SimCliConfig } from './cli-args.ts';
import { startVirtualFarm } from './virtual-printer.ts';
import type { VirtualPrinter, VirtualPrinterOptions } from './virtual-printer-api.ts';

/** Where the command writes, and the signal that ends it (Ctrl-C). */
export interface SimCliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  signal: AbortSignal;
}

/** Exit codes: 0 done, 1 could not start, 2 bad command line. */
export const SIM_EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Runs `bambu-sim`: starts the printers, prints them, waits for the signal, closes them. */
export async function runSim(argv: readonly string[], io: SimCliIo): Promise<number> {
  let config: SimCliConfig;
  try {
    config = parseSimArgs(argv);
  } catch (e) {
    if (!(e instanceof SimUsageError)) throw e;
    io.stderr(`bambu-sim: ${e.message}\n`);
    io.stderr(SIM_USAGE);
    return SIM_EXIT.usage;
  }
  if (config.help) {
    io.stdout(SIM_USAGE);
    return SIM_EXIT.ok;
  }

  let printers: VirtualPrinter[];
  try {
    printers = await startVirtualFarm(
      config.models.map((model, i) => optionsFor(config, model, i)),
    );
  } catch (e) {
    io.stderr(
      `bambu-sim: could not start the virtual printers: ${e instanceof Error ? e.message : String(e)}` +
        (config.port > 0 ? ' (is a port already in use? try --port 0)' : ''),
    );
    return SIM_EXIT.failed;
  }
  if (config.printing) {
    printers.forEach((p, i) => p.startJob({ file: `demo-${i + 1}.gcode.3mf` }));
  }
  for (const p of printers) printPrinter(p, config.json, io);
  io.stderr(`${printers.length} virtual printer(s) running. Press Ctrl-C to stop.`);

  if (!io.signal.aborted) {
    await new Promise<void>((resolve) =>
      io.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
  }
  await Promise.all(printers.map((p) => p.close()));
  io.stderr('bambu-sim: stopped.');
  return SIM_EXIT.ok;
}

function optionsFor(config: SimCliConfig, model: VirtualPrinterOptions['model'], i: number) {
  const o: VirtualPrinterOptions = {
    model,
    host: config.host,
    mqttPort: config.port > 0 ? config.port + i : 0,
    requireSignature: config.requireSignature,
    quirks: config.quirks,
    name: `Virtual ${model} #${i + 1}`,
    // Storage and camera on free ports: the real 990/6000/322 would collide between printers.
    ftps: true,
    camera: true,
  };
  if (config.serial !== undefined) o.serial = config.serial;
  if (config.accessCode !== undefined) o.accessCode = config.accessCode;
  if (config.intervalMs !== undefined) o.reportIntervalMs = config.intervalMs;
  if (config.timeScale !== undefined) o.timeScale = config.timeScale;
  return o;
}

function printPrinter(p: VirtualPrinter, json: boolean, io: SimCliIo): void {
  if (json) {
    io.stdout(
      JSON.stringify({
        model: p.model,
        serial: p.serial,
        host: p.host,
        port: p.mqttPort,
        accessCode: p.accessCode,
        ftpsPort: p.ftpsPort ?? null,
        cameraPort: p.cameraPort,
        certificatePem: p.certificatePem,
      }),
    );
    return;
  }
  io.stdout(
    [
      `${p.model}  serial ${p.serial}  mqtts://${p.host}:${p.mqttPort}  user bblp  access code ${p.accessCode}`,
      `      ftps port ${p.ftpsPort ?? '-'}  camera port ${p.cameraPort ?? '-'}`,
      p.certificatePem.trimEnd(),
      '',
    ].join('\n'),
  );
}
