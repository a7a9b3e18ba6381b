import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FarmEngine } from '../../core/farm/farm-engine.ts';
import { farmErrorOf } from '../../core/farm/farm-errors.ts';
import { createFileSecretStore, createFileSettingsStore } from '../../core/farm/file-stores.ts';
import { assertBindAllowed, startFarmHost } from './farm-host.ts';
import { findRendererDir } from './renderer-dir.ts';
import { RECORDS_OPTIONS, RECORDS_USAGE, recordsFromFlags } from './records-flags.ts';

const USAGE = `farmdeck-host: the Farmdeck UI in a browser, for headless machines

  --host <address>   address to bind (default 127.0.0.1; any other needs --token)
  --port <number>    port (default 4477; 0 = any free port)
  --token <text>     access token, 16+ characters (or FARMDECK_TOKEN)
  --data-dir <dir>   settings, secrets, history (default ~/.config/farmdeck)
${RECORDS_USAGE}`;

/** Starts the engine with file-backed settings (settings.json) and secrets (secrets.json, mode 0600). */
export async function main(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      'data-dir': { type: 'string' },
      ...RECORDS_OPTIONS,
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const dataDir =
    values['data-dir'] ??
    join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'farmdeck');
  const token = values.token ?? process.env['FARMDECK_TOKEN'];
  const bindHost = values.host ?? '127.0.0.1';
  assertBindAllowed(bindHost, token);
  const records = recordsFromFlags(dataDir, values);
  const engine = await FarmEngine.start({
    ...(records ? { records } : {}),
    settings: createFileSettingsStore(join(dataDir, 'settings.json')),
    secrets: createFileSecretStore(join(dataDir, 'secrets.json')),
    logger: { info: (m) => console.log(m), warn: (m) => console.warn(m) },
  });
  const host = await startFarmHost({
    engine,
    staticDir: findRendererDir(),
    host: bindHost,
    port: values.port === undefined ? 4477 : Number(values.port),
    mapError: farmErrorOf,
    ...(token ? { token } : {}),
  });
  // The token is a secret: never printed. The person who chose it adds it to the URL.
  const shown = token ? `${host.url.split('?')[0]}?token=<your token>` : host.url;
  console.log(`Farmdeck is running: open ${shown}`);
  const history = engine.records.status();
  if (history.state === 'ready')
    console.log(`history: ${history.database} database at ${history.location}`);
  else console.warn(`history: ${history.message ?? history.state}`);
  const stop = () => {
    void host
      .close()
      .then(() => engine.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
