import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AppNotices } from '../../core/farm/app-notices.ts';
import { FarmEngine } from '../../core/farm/farm-engine.ts';
import { farmErrorOf } from '../../core/farm/farm-errors.ts';
import { installProcessGuards } from '../../core/util/process-guard.ts';
import { createFileSecretStore, createFileSettingsStore } from '../../core/farm/file-stores.ts';
import { assertBindAllowed, startFarmHost } from './farm-host.ts';
import { findRendererDir } from './renderer-dir.ts';
import { resolveHostToken } from './host-token.ts';
import { RECORDS_OPTIONS, RECORDS_USAGE, recordsFromFlags } from './records-flags.ts';
import { QUEUE_TUNING_USAGE, queueTuningFromEnv } from './queue-tuning.ts';

const USAGE = `farmdeck-host: the Farmdeck UI in a browser, for headless machines

  --host <address>     address to bind (default 127.0.0.1; any other needs a token)
  --port <number>      port (default 4477; 0 = any free port)
  --token-file <path>  file holding the access token, 16+ characters (keep it mode 0600);
                       or set the FARMDECK_TOKEN environment variable
  --token <text>       the token itself: other users see it in the process list, prefer the above
  --data-dir <dir>     settings, secrets, history (default ~/.config/farmdeck)
${RECORDS_USAGE}
Environment:
${QUEUE_TUNING_USAGE}`;

/** Starts the engine with file-backed settings (settings.json) and secrets (secrets.json, mode 0600). */
export async function main(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      'token-file': { type: 'string' },
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
  const { token, warnings } = await resolveHostToken({
    flag: values.token,
    file: values['token-file'],
    env: process.env,
  });
  for (const warning of warnings) console.warn(`farmdeck-host: ${warning}`);
  const bindHost = values.host ?? '127.0.0.1';
  assertBindAllowed(bindHost, token);
  // A damaged file is moved aside and reported here and in the UI's banner.
  const notices = new AppNotices();
  const logged = new Set<string>();
  notices.onChange((list) => {
    for (const n of list.filter((n) => !logged.has(n.id))) {
      logged.add(n.id);
      console.warn(n.message);
    }
  });
  const records = recordsFromFlags(dataDir, values);
  const queue = queueTuningFromEnv(process.env);
  const engine = await FarmEngine.start({
    ...(records ? { records } : {}),
    ...(queue ? { queue } : {}),
    settings: createFileSettingsStore(join(dataDir, 'settings.json'), { notices }),
    secrets: createFileSecretStore(join(dataDir, 'secrets.json'), { notices }),
    notices,
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
  installProcessGuards('farmdeck-host');
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
