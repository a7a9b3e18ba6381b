import { offlineReasonOf } from '../core/mqtt/offline-reason.ts';
import { LinkError, PrinterLink, type LinkStatus } from '../core/mqtt/printer-link.ts';
import type { ReportDropReason, ReportDrops } from '../shared/contract/farm-schemas.ts';
import type { PrinterState } from '../shared/printer-state.ts';
import {
  PRINTER_FLAGS,
  PRINTER_FLAGS_HELP,
  UsageError,
  parseToolArgs,
  resolvePrinterConnection,
  type SecretEnv,
} from './args.ts';
import { EXIT, EXIT_CODES_HELP, exitCodeForLinkError, type ExitCode } from './exit-codes.ts';
import { formatStateLine, formatStatusLine } from './format-state.ts';

const DEFAULT_TIMEOUT_SEC = 20;

/** Link errors that retrying cannot fix: live mode stops on them instead of reconnecting forever. */
const FATAL_CODES: ReadonlySet<string> = new Set(['auth-failed', 'tls-untrusted', 'wrong-serial']);

/** Full --help text of bambu-monitor. */
export const MONITOR_USAGE = `Usage: bambu-monitor --host HOST --serial SERIAL --access-code CODE [options]
       bambu-monitor UID TOKEN DEVICE_ID [--region global|china] [options]

Watch one Bambu Lab printer's live state over MQTT. Read-only: it asks for a full
report and listens; it sends no control commands.

${PRINTER_FLAGS_HELP}

Output:
  --json                one JSON object (the normalized PrinterState) per update
  --once                print the state after the first full report, then exit
  --timeout SEC         with --once: give up after SEC seconds (default ${DEFAULT_TIMEOUT_SEC})
  -h, --help            this text

Connection changes go to standard output as readable lines, or to standard error with --json.
Stop with Ctrl-C (the connection is closed cleanly).

${EXIT_CODES_HELP}
With --once, 0 means the state was printed and 6 that no full report came within --timeout;
any connection error ends it at once. Live mode keeps retrying while the printer is
unreachable and stops only on refused credentials (3) or an untrusted certificate (5).

Examples:
  BAMBU_ACCESS_CODE=12345678 bambu-monitor --host 192.168.1.50 --serial 01P00A3B1300123
  bambu-monitor --host 192.168.1.50 --serial 01P00A3B1300123 --access-code 12345678 --once --json
  BAMBU_TOKEN=... bambu-monitor 1234567890 01P00A3B1300123 --region global`;

const MONITOR_FLAGS = {
  ...PRINTER_FLAGS,
  json: { type: 'boolean' },
  once: { type: 'boolean' },
  timeout: { type: 'string' },
} as const;

/** Where runMonitor writes and what stops it. */
export interface MonitorIo {
  /** Writes one line (without its newline) to standard output. */
  stdout: (line: string) => void;
  /** Writes one line (without its newline) to standard error. */
  stderr: (line: string) => void;
  env: SecretEnv;
  /** Aborted on Ctrl-C / SIGTERM: the monitor closes the link and returns. */
  signal: AbortSignal;
}

/** Runs bambu-monitor with `argv` (arguments after the program name); resolves to the exit code. */
export async function runMonitor(argv: string[], io: MonitorIo): Promise<ExitCode> {
  let secrets: readonly string[] = [];
  const fail = (code: ExitCode, message: string): ExitCode => {
    io.stderr(`bambu-monitor: ${redact(message, secrets)}`);
    return code;
  };
  try {
    const { values, positionals } = parseToolArgs(argv, MONITOR_FLAGS);
    if (values.help) {
      io.stdout(MONITOR_USAGE);
      return EXIT.ok;
    }
    const timeoutMs = parseTimeout(values.timeout);
    const connection = resolvePrinterConnection(values, positionals, io.env);
    secrets = connection.secrets;
    const link = new PrinterLink({ target: connection.target, tls: connection.tls });
    const session = { link, io, json: values.json === true, secrets, fail };
    return values.once ? await runOnce(session, timeoutMs) : await runLive(session);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`bambu-monitor: ${redact(err.message, secrets)}`);
      io.stderr('');
      io.stderr(MONITOR_USAGE);
      return EXIT.usage;
    }
    return fail(EXIT.failure, err instanceof Error ? err.message : String(err));
  }
}

interface Session {
  link: PrinterLink;
  io: MonitorIo;
  json: boolean;
  secrets: readonly string[];
  fail(code: ExitCode, message: string): ExitCode;
}

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TIMEOUT_SEC * 1000;
  const sec = Number(text);
  if (text.trim() === '' || !Number.isFinite(sec) || sec <= 0) {
    throw new UsageError(`--timeout must be a positive number of seconds, not "${text}"`);
  }
  return sec * 1000;
}

function printState(s: Session, state: PrinterState): void {
  s.io.stdout(s.json ? JSON.stringify(state) : formatStateLine(state));
}

/** Connects, prints the first full state and closes; any connection error ends it at once. */
async function runOnce(s: Session, timeoutMs: number): Promise<ExitCode> {
  const { link } = s;
  const outcome = await new Promise<ExitCode>((resolve) => {
    let done = false;
    /** Settles once; later outcomes (a second error, a late state) are dropped unprinted. */
    const finish = (settle: () => ExitCode) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.io.signal.removeEventListener('abort', onAbort);
      resolve(settle());
    };
    const failWith = (err: LinkError) =>
      finish(() => s.fail(exitCodeForLinkError(err.code), err.message));
    const onAbort = () => finish(() => EXIT.interrupted);
    const timer = setTimeout(() => {
      finish(() =>
        s.fail(
          EXIT.timeout,
          `no full report from printer ${link.serial} within ${timeoutMs / 1000} s: ` +
            'check the serial number and that the printer is on (or raise --timeout)',
        ),
      );
    }, timeoutMs);
    s.io.signal.addEventListener('abort', onAbort);
    link.on('status', (status: LinkStatus, err: LinkError | null) => {
      if (err && (status === 'offline' || status === 'auth-failed')) failWith(err);
    });
    link.connect();
    link.waitForState(timeoutMs + 1000).then(
      (state) =>
        finish(() => {
          printState(s, state);
          return EXIT.ok;
        }),
      (err: unknown) => {
        if (err instanceof LinkError) failWith(err);
        else finish(() => s.fail(EXIT.failure, err instanceof Error ? err.message : String(err)));
      },
    );
  });
  await link.close();
  return outcome;
}

/** Prints every update until Ctrl-C; stops early only on errors that retrying cannot fix. */
async function runLive(s: Session): Promise<ExitCode> {
  const { link, io } = s;
  const statusOut = s.json ? io.stderr : io.stdout;
  const outcome = await new Promise<ExitCode>((resolve) => {
    let done = false;
    const finish = (settle: () => ExitCode) => {
      if (done) return;
      done = true;
      io.signal.removeEventListener('abort', onAbort);
      resolve(settle());
    };
    const onAbort = () => finish(() => EXIT.ok);
    io.signal.addEventListener('abort', onAbort);
    // Printers push about once a second; the readable line only shows what changed in words.
    let lastLine = '';
    link.on('state', (state: PrinterState) => {
      if (s.json) return printState(s, state);
      const line = formatStateLine(state);
      const withoutClock = line.slice(line.indexOf(' ') + 1);
      if (withoutClock === lastLine) return;
      lastLine = withoutClock;
      s.io.stdout(line);
    });
    link.on('problem', (err: LinkError, reason: ReportDropReason) => {
      const drops = link.reportDrops;
      const message = redact(err.message, s.secrets);
      io.stderr(
        s.json
          ? JSON.stringify({ dropped: reason, message, reportDrops: drops })
          : `bambu-monitor: warning: ${message} (dropped so far: ${formatDrops(drops)})`,
      );
    });
    link.on('status', (status: LinkStatus, err: LinkError | null) => {
      if (err && FATAL_CODES.has(err.code)) {
        finish(() => s.fail(exitCodeForLinkError(err.code), err.message));
      } else {
        const reason = status === 'offline' ? offlineReasonOf(err) : null;
        const line = redact(formatStatusLine(status, err, Date.now()), s.secrets);
        statusOut(
          s.json
            ? redact(
                JSON.stringify({
                  status,
                  ...(reason ? { reason } : {}),
                  message: err?.message ?? null,
                }),
                s.secrets,
              )
            : reason
              ? `${line} [${reason}]`
              : line,
        );
      }
    });
    if (io.signal.aborted) finish(() => EXIT.ok);
    else link.connect();
  });
  await link.close();
  return outcome;
}

/** `2 malformed, 1 oversized`, or `none`. */
export function formatDrops(drops: ReportDrops): string {
  const parts = Object.entries(drops)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${reason}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** Replaces every secret in `text` by `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join('***');
  }
  return out;
}
