import { ConfigError, loadCompatConfig } from '../servers/compat/compat-config.ts';
import { COMPAT_DEFAULT_PORT, startCompatServer } from '../servers/compat/compat-server.ts';
import { UsageError, parseToolArgs } from './args.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { isLoopback } from '../servers/common/request-gate.ts';
import {
  parseListenPort,
  stamped,
  untilAborted,
  type ServerIo,
} from '../servers/common/server-io.ts';

/** Full --help text of bambu-compat. */
export const COMPAT_USAGE = `Usage: bambu-compat --config FILE [--port N] [--host ADDR]

Serve the old local REST API of Bambu Lab printers (for Home Assistant REST sensors,
OctoPrint-style tools and scripts) from live MQTT data, over the LAN or the Bambu cloud.
Read-only: no endpoint sends anything to a printer.

  --config FILE   compatibility_config.json (see docs/servers.md):
                  {"devices": [{"serial", "access_code", "name", "host"?, "port"?,
                  "insecure"?, "ca_file"?}], "username"?, "auth_token"?}
                  a device with "host" is reached on the LAN, one without through the cloud
  --port N        port to listen on (default ${COMPAT_DEFAULT_PORT}; 0 = any free port)
  --host ADDR     address to bind (default 127.0.0.1, this machine only; 0.0.0.0 for
                  every interface: the API has no authentication)
  -h, --help      this text

Endpoints: /  /api/version  /api/v1/status?device_id=SERIAL  /api/v1/print?device_id=SERIAL
           /api/v1/devices  /health

Exit codes: 0 stopped with Ctrl-C, 1 could not start (port in use...), 2 bad flags or config.`;

const FLAGS = {
  config: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs bambu-compat until `io.signal` is aborted; resolves to the exit code. */
export async function runCompat(argv: string[], io: ServerIo): Promise<ExitCode> {
  let values;
  try {
    const parsed = parseToolArgs(argv, FLAGS);
    values = parsed.values;
    if (parsed.positionals.length > 0) {
      throw new UsageError(`unexpected argument ${parsed.positionals[0] ?? ''}`);
    }
    if (values.help) {
      io.stdout(COMPAT_USAGE);
      return EXIT.ok;
    }
    if (values.config === undefined) {
      throw new UsageError('missing --config FILE (the compatibility_config.json to serve)');
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`bambu-compat: ${err.message}\nRun bambu-compat --help for the options.`);
      return EXIT.usage;
    }
    throw err;
  }
  const port = values.port === undefined ? COMPAT_DEFAULT_PORT : parseListenPort(values.port);
  if (port === null) {
    io.stderr(`bambu-compat: --port must be a port number 0-65535, not "${values.port ?? ''}"`);
    return EXIT.usage;
  }
  const host = values.host ?? '127.0.0.1';
  let config;
  try {
    config = await loadCompatConfig(values.config);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr(`bambu-compat: ${err.message}`);
      return EXIT.usage;
    }
    throw err;
  }
  let server;
  try {
    server = await startCompatServer({ config, host, port, log: (l) => io.stderr(stamped(l)) });
  } catch (err) {
    io.stderr(`bambu-compat: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.failure;
  }
  if (!isLoopback(host)) {
    io.stderr(
      `bambu-compat: listening on ${host}: anyone who can reach this address can read your printers' status`,
    );
  }
  io.stdout(
    `Farmdeck compatibility server on ${server.url} for ${config.devices.length} printer(s)`,
  );
  io.stdout(`Try: curl ${server.url}/api/v1/devices`);
  io.onListening?.(server.url);
  await untilAborted(io.signal);
  await server.close();
  return EXIT.ok;
}
