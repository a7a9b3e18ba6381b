import { readFile } from 'node:fs/promises';
import { isCloudRegion, resolveEndpoints } from '../core/cloud/endpoints.ts';
import type { TlsTrust } from '../core/mqtt/printer-link.ts';
import { isLoopback } from '../servers/common/request-gate.ts';
import { parseListenPort, stamped, untilAborted } from '../servers/common/server-io.ts';
import type { ServerIo } from '../servers/common/server-io.ts';
import { PROXY_DEFAULT_PORTS, startProxyServer } from '../servers/proxy/proxy-server.ts';
import type { ProxyMode } from '../servers/proxy/proxy-server.ts';
import { DEFAULT_TOKENS_FILE, TokenFileError, TokenSource } from '../servers/proxy/proxy-tokens.ts';
import { UsageError, parseToolArgs } from './args.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { runTokensCommand } from './proxy-tokens-command.ts';
import { parseMqttUrl } from '../core/cloud/mqtt-url.ts';

/** Full --help text of bambu-proxy. */
export const PROXY_USAGE = `Usage: bambu-proxy strict|full [--port N] [--host ADDR] [--tokens FILE] [--api-url URL]
       bambu-proxy tokens list | add [CUSTOM_TOKEN] | remove CUSTOM_TOKEN [--tokens FILE]

Let a team's tools read the Bambu cloud API through their own tokens. Callers send
"Authorization: Bearer <custom token>"; the proxy forwards /v1/* with the real cloud token.

Modes:
  strict          read-only: forwards GET only, refuses every other method (default port ${PROXY_DEFAULT_PORTS.strict})
  full            forwards every method, writes included (default port ${PROXY_DEFAULT_PORTS.full})

Options:
  --port N        port (0 = any free port)
  --host ADDR     address to bind (default 127.0.0.1; the proxy speaks plain HTTP, so put
                  TLS in front of it before opening it to a network)
  --tokens FILE   token file {"custom-token": "real-token"} (default ./${DEFAULT_TOKENS_FILE});
                  reloaded automatically when it changes
  --api-url URL   cloud API base (default https://api.bambulab.com, or .cn with --region china)
  --region R      global (default) or china: the API and MQTT hosts of the account
  --mqtt-url URL  another cloud MQTT broker, mqtts://HOST:PORT (realtime sessions)
  --mqtt-ca FILE  trust this CA for that broker instead of the system's
  -h, --help      this text

Token commands (BAMBU_TOKEN, else the login saved by bambu-login, is the real token):
  tokens list                 show the mapping, masked
  tokens add [CUSTOM_TOKEN]   map a custom token (random when left out) to the real token
  tokens remove CUSTOM_TOKEN  remove it (its first characters are enough when unique)

Admin endpoints (/admin/tokens, /admin/mqtt) need BAMBU_PROXY_ADMIN_TOKEN (16+ characters)
in the proxy's environment, sent as "Authorization: Bearer <admin token>".

Exit codes: 0 done/stopped, 1 could not start or token file problem, 2 bad flags,
3 no cloud token to map to.`;

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  tokens: { type: 'string' },
  'api-url': { type: 'string' },
  region: { type: 'string' },
  'mqtt-url': { type: 'string' },
  'mqtt-ca': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs bambu-proxy; a server mode runs until `io.signal` is aborted. Resolves to the exit code. */
export async function runProxy(argv: string[], io: ServerIo): Promise<ExitCode> {
  try {
    const { values, positionals } = parseToolArgs(argv, FLAGS);
    if (values.help) {
      io.stdout(PROXY_USAGE);
      return EXIT.ok;
    }
    const [command, ...rest] = positionals;
    if (command === 'tokens') return await runTokensCommand(rest, values.tokens, io);
    if (command !== 'strict' && command !== 'full') {
      throw new UsageError(
        command === undefined
          ? 'say which mode: strict or full'
          : `unknown mode "${command}": use strict or full`,
      );
    }
    if (rest.length > 0) throw new UsageError(`unexpected argument ${rest[0] ?? ''}`);
    return await serve(command, values, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`bambu-proxy: ${err.message}\nRun bambu-proxy --help for the options.`);
      return EXIT.usage;
    }
    throw err;
  }
}

interface ServeFlags {
  port?: string | undefined;
  host?: string | undefined;
  tokens?: string | undefined;
  'api-url'?: string | undefined;
  region?: string | undefined;
  'mqtt-url'?: string | undefined;
  'mqtt-ca'?: string | undefined;
}

async function serve(mode: ProxyMode, values: ServeFlags, io: ServerIo): Promise<ExitCode> {
  const port = values.port === undefined ? PROXY_DEFAULT_PORTS[mode] : parseListenPort(values.port);
  if (port === null)
    throw new UsageError(`--port must be a port number 0-65535, not "${values.port ?? ''}"`);
  const region = values.region ?? 'global';
  if (!isCloudRegion(region))
    throw new UsageError(`--region must be global or china, not "${region}"`);
  const endpoints = resolveEndpoints({
    region,
    ...(values['api-url'] ? { apiUrl: values['api-url'] } : {}),
  });
  if (!/^https?:\/\/[^/]+/.test(endpoints.apiUrl)) {
    throw new UsageError(`--api-url must be an http(s) URL, not "${endpoints.apiUrl}"`);
  }
  const mqtt = values['mqtt-url'] === undefined ? undefined : parseMqtt(values['mqtt-url']);
  const tls = values['mqtt-ca'] === undefined ? undefined : await readCa(values['mqtt-ca']);
  const admin = io.env['BAMBU_PROXY_ADMIN_TOKEN']?.trim();
  if (admin !== undefined && admin !== '' && admin.length < 16) {
    throw new UsageError('BAMBU_PROXY_ADMIN_TOKEN must be 16+ characters');
  }
  const host = values.host ?? '127.0.0.1';
  const log = (l: string) => io.stderr(stamped(l));
  const tokens = new TokenSource(values.tokens ?? DEFAULT_TOKENS_FILE, log);
  try {
    await tokens.load();
  } catch (err) {
    if (err instanceof TokenFileError) {
      io.stderr(`bambu-proxy: ${err.message}`);
      return EXIT.failure;
    }
    throw err;
  }
  let server;
  try {
    server = await startProxyServer({
      mode,
      tokens,
      apiUrl: endpoints.apiUrl,
      region,
      host,
      port,
      adminToken: admin || undefined,
      log,
      realtime: { ...(mqtt ? { mqtt } : {}), ...(tls ? { tls } : {}) },
    });
  } catch (err) {
    io.stderr(`bambu-proxy: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.failure;
  }
  if (tokens.size === 0) {
    io.stderr(
      `bambu-proxy: ${tokens.path} holds no tokens yet: add one with bambu-proxy tokens add`,
    );
  }
  if (!isLoopback(host)) {
    io.stderr(
      `bambu-proxy: listening on ${host} over plain HTTP: put TLS in front before exposing it`,
    );
  }
  io.stdout(
    `Farmdeck cloud API proxy (${mode}) on ${server.url}, forwarding to ${endpoints.apiUrl}`,
  );
  io.onListening?.(server.url);
  await untilAborted(io.signal);
  await server.close();
  return EXIT.ok;
}

function parseMqtt(text: string): { host: string; port: number } {
  try {
    return parseMqttUrl(text);
  } catch {
    throw new UsageError(`--mqtt-url must be mqtts://HOST:PORT, not "${text}"`);
  }
}

async function readCa(path: string): Promise<TlsTrust> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read the --mqtt-ca file ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new UsageError(`the --mqtt-ca file ${path} holds no PEM certificate`);
  return { ca: pem };
}
