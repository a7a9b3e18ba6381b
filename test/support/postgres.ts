import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.ts';

/**
 * A throwaway cluster of Debian's PostgreSQL in a temporary folder, on a free loopback port, with
 * password (scram) authentication. `initdb` refuses root, so as root the server runs as the
 * `postgres` user. Reusable by any test that needs a real server (history, the job queue).
 */
export interface TestPostgres {
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** URL of a database (default `postgres`). */
  url(database?: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown) and deletes the folder. */
  stop(): Promise<void>;
}

const HINT = 'apt-get install -y postgresql';

/** Newest installed server's bin folder (Debian: /usr/lib/postgresql/<major>/bin). */
export function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((d) => existsSync(join(root, d, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors.length === 0) throw new Error(`PostgreSQL server not found under ${root}: ${HINT}`);
  return join(root, majors[0]!, 'bin');
}

const asRoot = () => process.getuid?.() === 0;

/** Runs a server binary, as `postgres` when we are root. */
function command(bin: string, args: string[]): [string, string[]] {
  return asRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

/** Starts a cluster; `port` fixes the port (e.g. one a client already tries), else a free one. */
export async function startPostgres(options: { port?: number } = {}): Promise<TestPostgres> {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'farmdeck-pg-'));
  const data = join(dir, 'data');
  const user = 'farmdeck';
  const password = 'farmdeck-test-password';
  writeFileSync(join(dir, 'pw'), password);
  if (asRoot()) chownSync(dir, ...postgresIds());
  if (asRoot()) chownSync(join(dir, 'pw'), ...postgresIds());
  const [cmd, args] = command(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    user,
    `--pwfile=${join(dir, 'pw')}`,
    '--auth-host=scram-sha-256',
    '--auth-local=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  const init = spawnSync(cmd, args, { encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}): ${init.stderr || init.error?.message}`);
  }
  const port = options.port ?? (await freePort());
  const [pcmd, pargs] = command(join(bin, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
  ]);
  const child = spawn(pcmd, pargs, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const url = (database = 'postgres') =>
    `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
  try {
    await waitReady(url(), child, () => log);
  } catch (err) {
    await stopChild(child, data);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    port,
    user,
    password,
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      await stopChild(child, data);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresIds(): [number, number] {
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0) throw new Error(`no postgres user: ${HINT}`);
  return [Number(uid.stdout.trim()), Number(gid.stdout.trim())];
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}): ${log()}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not start in 30 s: ${log()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function stopChild(child: ChildProcess, data: string): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // runuser does not pass SIGINT on: signal the postmaster itself (its pid heads postmaster.pid),
  // a fast shutdown that also ends open sessions.
  const postmaster = postmasterPid(data);
  if (postmaster !== null) {
    try {
      process.kill(postmaster, 'SIGINT');
    } catch {
      child.kill('SIGINT');
    }
  } else child.kill('SIGINT');
  const timer = setTimeout(() => {
    if (postmaster !== null) {
      try {
        process.kill(postmaster, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    child.kill('SIGKILL');
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

function postmasterPid(data: string): number | null {
  try {
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
