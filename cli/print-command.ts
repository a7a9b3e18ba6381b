import { basename } from 'node:path';
import type { FtpsConnectOptions } from '../core/ftps/ftps-client.ts';
import { defaultDataChannel } from '../core/ftps/data-channel-default.ts';
import { FtpsError } from '../core/ftps/ftps-error.ts';
import { LinkError, PrinterLink } from '../core/mqtt/printer-link.ts';
import {
  loadedTrays,
  parseAmsMapping,
  proposePrinterMapping,
} from '../core/printing/ams-mapping.ts';
import { PrintStartError } from '../core/printing/print-error.ts';
import { sendAndPrint, startProjectFile, type PrintPhase } from '../core/printing/start-print.ts';
import { pickPlate, readThreeMf } from '../core/threemf/read-threemf.ts';
import { ThreeMfError } from '../core/threemf/threemf-error.ts';
import { modelFromSerial } from '../shared/models.ts';
import { UsageError, parseToolArgs, resolvePrinterConnection, type SecretEnv } from './args.ts';
import { EXIT, exitCodeForLinkError, type ExitCode } from './exit-codes.ts';
import { redact } from './monitor.ts';
import { ftpPortOf, jobOptionsOf, PRINT_FLAGS, PRINT_USAGE } from './print-args.ts';
import { formatBytes, formatInfo, formatMatch, progressLine } from './print-format.ts';

/** Where runPrint writes, and what stops it. */
export interface PrintIo {
  stdout(line: string): void;
  stderr(line: string): void;
  /** Rewrites the current standard-error line (progress bar); undefined when not a terminal. */
  progress?: (line: string) => void;
  env: SecretEnv;
  /** Aborted on Ctrl-C: a running upload is cancelled and its partial file removed. */
  signal: AbortSignal;
}

function exitCodeOf(err: unknown): ExitCode {
  if (err instanceof LinkError) return exitCodeForLinkError(err.code);
  if (err instanceof FtpsError) {
    if (err.code === 'cancelled') return EXIT.interrupted;
    return exitCodeForLinkError(err.code);
  }
  return EXIT.failure;
}

/** Runs bambu-print with `argv` (arguments after the program name); resolves to the exit code. */
export async function runPrint(argv: string[], io: PrintIo): Promise<ExitCode> {
  let secrets: readonly string[] = [];
  const say = (line: string): void => io.stderr(redact(line, secrets));
  try {
    const { values, positionals } = parseToolArgs(argv, PRINT_FLAGS);
    if (values.help) {
      io.stdout(PRINT_USAGE);
      return EXIT.ok;
    }
    const [file, ...extra] = positionals;
    if (file === undefined) throw new UsageError('give the .gcode.3mf file to print');
    if (values.info) {
      const info = await readThreeMf(file);
      io.stdout(values.json ? JSON.stringify(info, null, 2) : formatInfo(info).join('\n'));
      return EXIT.ok;
    }
    if (extra.length > 0) {
      throw new UsageError(
        'bambu-print works with printers on your network: --host, --serial and --access-code',
      );
    }
    const job = jobOptionsOf(values);
    const connection = resolvePrinterConnection(values, [], io.env);
    secrets = connection.secrets;
    const target = connection.target;
    if (target.kind !== 'local') throw new UsageError('bambu-print needs --host');
    const ftps: FtpsConnectOptions = {
      host: target.host,
      port: ftpPortOf(values),
      serial: target.serial,
      accessCode: target.accessCode,
      tls: connection.tls,
      // A1 firmware may hang on an encrypted data channel: PROT C is tried then.
      dataChannel: defaultDataChannel(null, target.serial),
    };
    const link = new PrinterLink({ target, tls: connection.tls });
    try {
      if (!values['send-only']) await link.waitForState();
      if (values['print-again']) {
        const remote = `/${basename(file)}`;
        say(`starting ${remote} on printer ${target.serial}...`);
        const text = values['ams-mapping'];
        let mapping: number[] | undefined;
        try {
          // The file is on the printer: its filaments are unknown here, so no coverage check.
          mapping = text === undefined ? undefined : parseAmsMapping(text, []);
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
        const outcome = await startProjectFile(link, remote, job.plate ?? 1, {
          ...job,
          ...(mapping ? { amsMapping: mapping } : {}),
        });
        const state = outcome.state;
        io.stdout(
          values.json
            ? JSON.stringify({
                remotePath: remote,
                started: state,
                unconfirmed: outcome.confirmed ? null : outcome.message,
              })
            : state
              ? `printer ${target.serial} started ${state.jobName ?? remote} (${state.gcodeState})`
              : `printer ${target.serial}: ${outcome.confirmed ? '' : outcome.message}`,
        );
        return EXIT.ok;
      }
      const info = await readThreeMf(file);
      const plate = pickPlate(info, job.plate);
      let amsMapping: readonly number[] | undefined;
      if (values['ams-mapping'] !== undefined) {
        try {
          amsMapping = parseAmsMapping(values['ams-mapping'], plate.filaments);
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
      } else if (!values['no-ams'] && !values['send-only'] && link.state) {
        const trays = loadedTrays(link.state);
        if (trays.length > 0 && plate.filaments.length > 0) {
          const { proposal } = proposePrinterMapping(plate.filaments, link.state);
          for (const m of proposal.matches) say(formatMatch(m));
          if (!proposal.complete) {
            throw new UsageError(
              'no loaded AMS tray matches every filament: load it, choose trays with --ams-mapping, or print from the external spool with --no-ams',
            );
          }
          amsMapping = proposal.mapping;
        }
      }
      const onProgress = (p: PrintPhase): void => {
        if (p.phase === 'uploading') {
          if (io.progress) io.progress(progressLine(p.progress));
        } else if (p.phase === 'starting') {
          io.progress?.('');
          say(`uploaded; starting plate ${plate.index} on printer ${target.serial}...`);
        }
      };
      say(
        `uploading ${basename(file)} (${formatBytes(info.fileBytes)}) to printer ${target.serial}...`,
      );
      const res = await sendAndPrint(link, ftps, file, {
        ...job,
        info,
        ...(amsMapping ? { amsMapping } : {}),
        ...(values.name ? { remoteName: values.name } : {}),
        sendOnly: values['send-only'] === true,
        allowModelMismatch: values.force === true,
        printerModel: link.state?.model ?? modelFromSerial(target.serial)?.name ?? null,
        onProgress,
        signal: io.signal,
      });
      io.progress?.('');
      const speed = `${formatBytes(res.upload.bytes)} in ${res.upload.seconds.toFixed(1)} s, ${formatBytes(res.upload.bytesPerSecond)}/s`;
      if (values.json) io.stdout(JSON.stringify(res));
      else if (res.started) {
        io.stdout(
          `printer ${target.serial} started ${res.started.jobName ?? res.remotePath} plate ${res.plate} (${res.started.gcodeState}); uploaded ${speed}`,
        );
      } else if (res.unconfirmed !== null) {
        io.stdout(`uploaded ${res.remotePath} (${speed}); ${res.unconfirmed}`);
      } else
        io.stdout(
          `uploaded ${res.remotePath} to printer ${target.serial} (${speed}); start it with --print-again`,
        );
      return EXIT.ok;
    } finally {
      await link.close();
    }
  } catch (err) {
    io.progress?.('');
    if (err instanceof UsageError) {
      say(`bambu-print: ${err.message}`);
      say('');
      say(PRINT_USAGE);
      return EXIT.usage;
    }
    const known =
      err instanceof ThreeMfError ||
      err instanceof FtpsError ||
      err instanceof LinkError ||
      err instanceof PrintStartError;
    say(
      `bambu-print: ${known ? (err as Error).message : String(err instanceof Error ? err.message : err)}`,
    );
    return exitCodeOf(err);
  }
}
