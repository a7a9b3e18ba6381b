import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { LinkTarget, TlsTrust } from '../core/mqtt/printer-link.ts';
import { parseMqttUrl } from '../core/cloud/mqtt-url.ts';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
type ToolArgsConfig<T extends OptionsConfig> = {
  args: string[];
  options: T;
  allowPositionals: true;
  strict: true;
};

/** A mistake in the command line: the tool prints the message and its usage, then exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Flags shared by every tool that talks to one printer. A tool spreads these into its own
 * `parseArgs` options: `parseToolArgs(argv, { ...PRINTER_FLAGS, once: { type: 'boolean' } })`.
 */
export const PRINTER_FLAGS = {
  host: { type: 'string' },
  serial: { type: 'string' },
  'access-code': { type: 'string' },
  port: { type: 'string' },
  region: { type: 'string' },
  'mqtt-url': { type: 'string' },
  ca: { type: 'string' },
  insecure: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionsConfig;

/** Usage text for PRINTER_FLAGS, for the tools' --help. */
export const PRINTER_FLAGS_HELP = `Printer on your network (LAN):
  --host HOST           printer IP address or host name
  --serial SERIAL       printer serial number (shown on its screen, e.g. 01P00A3B1300123)
  --access-code CODE    LAN access code from the printer's screen
                        (better: set BAMBU_ACCESS_CODE so it is not visible in the process list)
  --port PORT           MQTT/TLS port (default 8883)

Printer through the Bambu cloud: give UID TOKEN DEVICE_ID as arguments
  (or UID DEVICE_ID with the token in BAMBU_TOKEN)
  --region REGION       cloud region of the account: global (default) or china
  --mqtt-url URL        another cloud MQTT endpoint, mqtts://HOST:PORT

TLS:
  --ca FILE             trust the CA certificate(s) in this PEM file instead of the default
                        (Bambu's printer CA on the LAN, the system's CAs for the cloud)
  --insecure            do not verify the certificate at all (anyone on the network can
                        impersonate the printer); only when you know why`;

/** Values of PRINTER_FLAGS after parsing (any tool's parse result fits). */
export interface PrinterFlagValues {
  host?: string | undefined;
  serial?: string | undefined;
  'access-code'?: string | undefined;
  port?: string | undefined;
  region?: string | undefined;
  'mqtt-url'?: string | undefined;
  ca?: string | undefined;
  insecure?: boolean | undefined;
}

/** Where to connect and how to trust it, resolved from flags, arguments and environment. */
export interface PrinterConnection {
  target: LinkTarget;
  tls: TlsTrust;
  /** Access code or token: the tools remove these from anything they print. */
  secrets: readonly string[];
}

/** Environment variables the tools read secrets from. */
export interface SecretEnv {
  BAMBU_ACCESS_CODE?: string | undefined;
  BAMBU_TOKEN?: string | undefined;
}

/** `parseArgs` with positionals allowed, strict flags, and its errors turned into UsageError. */
export function parseToolArgs<T extends OptionsConfig>(
  args: string[],
  options: T,
): ReturnType<typeof parseArgs<ToolArgsConfig<T>>> {
  try {
    return parseArgs<ToolArgsConfig<T>>({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(parseErrorMessage(err));
  }
}

function parseErrorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]}`;
  // Node's messages are one or two sentences; the first says what is wrong.
  return (message.split('. ')[0] ?? message).replace(/\.$/, '');
}

const SERIAL_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * Resolves a printer target from parsed flags. LAN when --host is given, cloud when there are
 * positional arguments (UID TOKEN DEVICE_ID, or UID DEVICE_ID with BAMBU_TOKEN).
 * Throws UsageError for anything missing, contradictory or malformed.
 */
export function resolvePrinterConnection(
  values: PrinterFlagValues,
  positionals: readonly string[],
  env: SecretEnv,
): PrinterConnection {
  const tls = resolveTls(values);
  if (positionals.length > 0) {
    for (const flag of ['host', 'port', 'serial', 'access-code'] as const) {
      if (values[flag] !== undefined) {
        throw new UsageError(
          `--${flag} is for a printer on your network; cloud mode takes UID TOKEN DEVICE_ID`,
        );
      }
    }
    return resolveCloud(values, positionals, env, tls);
  }
  if (values.host === undefined) {
    throw new UsageError(
      'say which printer: --host, --serial and --access-code for a printer on your network, ' +
        'or UID TOKEN DEVICE_ID for the cloud',
    );
  }
  for (const flag of ['region', 'mqtt-url'] as const) {
    if (values[flag] !== undefined) {
      throw new UsageError(`--${flag} is for cloud mode (UID TOKEN DEVICE_ID), not with --host`);
    }
  }
  return resolveLan(values, env, tls);
}

function resolveLan(values: PrinterFlagValues, env: SecretEnv, tls: TlsTrust): PrinterConnection {
  const host = values.host?.trim() ?? '';
  if (host === '') throw new UsageError('--host is empty: give the printer IP address');
  const serial = requireSerial(values.serial, '--serial');
  const accessCode = values['access-code'] ?? env.BAMBU_ACCESS_CODE ?? '';
  if (accessCode.trim() === '') {
    throw new UsageError(
      'missing access code: give --access-code or set BAMBU_ACCESS_CODE (it is on the ' +
        "printer's screen: Settings > LAN only)",
    );
  }
  const target: LinkTarget = { kind: 'local', host, serial, accessCode: accessCode.trim() };
  if (values.port !== undefined) target.port = parsePort(values.port, '--port');
  return { target, tls, secrets: [accessCode.trim()] };
}

function resolveCloud(
  values: PrinterFlagValues,
  positionals: readonly string[],
  env: SecretEnv,
  tls: TlsTrust,
): PrinterConnection {
  let uid: string | undefined;
  let token: string | undefined;
  let device: string | undefined;
  if (positionals.length === 3) [uid, token, device] = positionals;
  else if (positionals.length === 2 && env.BAMBU_TOKEN) {
    [uid, device] = positionals;
    token = env.BAMBU_TOKEN;
  } else {
    throw new UsageError(
      `cloud mode takes UID TOKEN DEVICE_ID (or UID DEVICE_ID with BAMBU_TOKEN set); got ${positionals.length} argument(s)`,
    );
  }
  const uidDigits = (uid ?? '').replace(/^u_/, '');
  if (!/^\d+$/.test(uidDigits)) {
    throw new UsageError('UID must be your numeric Bambu user id (optionally written u_123456)');
  }
  if (!token || token.trim() === '') throw new UsageError('the cloud TOKEN is empty');
  const serial = requireSerial(device, 'DEVICE_ID');
  const region = values.region ?? 'global';
  if (region !== 'global' && region !== 'china') {
    throw new UsageError(`--region must be global or china, not "${region}"`);
  }
  const target: LinkTarget = { kind: 'cloud', region, uid: uidDigits, token: token.trim(), serial };
  if (values['mqtt-url'] !== undefined) {
    const { host, port } = mqttUrlFlag(values['mqtt-url']);
    target.host = host;
    target.port = port;
  }
  return { target, tls, secrets: [token.trim()] };
}

function resolveTls(values: PrinterFlagValues): TlsTrust {
  if (values.insecure && values.ca !== undefined) {
    throw new UsageError('--ca and --insecure contradict each other: use one');
  }
  if (values.insecure) return { insecure: true };
  if (values.ca === undefined) return {};
  let pem: string;
  try {
    pem = readFileSync(values.ca, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`cannot read the --ca file ${values.ca} (${code})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new UsageError(`the --ca file ${values.ca} holds no PEM certificate`);
  }
  return { ca: pem };
}

function requireSerial(value: string | undefined, what: string): string {
  const serial = value?.trim() ?? '';
  if (serial === '') throw new UsageError(`missing ${what}: the printer serial number`);
  if (!SERIAL_RE.test(serial)) {
    throw new UsageError(`${what} "${serial}" is not a serial number (letters and digits only)`);
  }
  return serial;
}

function parsePort(text: string, what: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new UsageError(`${what} must be a port number 1-65535, not "${text}"`);
  }
  return port;
}

function mqttUrlFlag(text: string): { host: string; port: number } {
  try {
    return parseMqttUrl(text);
  } catch (e) {
    throw new UsageError(`--mqtt-url ${(e as Error).message}`);
  }
}
