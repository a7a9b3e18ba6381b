import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { publishWith, subscribeWith, type Subscription } from './mosquitto-clients.ts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

const INSTALL_HINT = 'install mosquitto (apt-get install mosquitto mosquitto-clients)';

/** Throws (never skips) when Debian's mosquitto broker or its clients are missing. */
export function requireMosquitto(): void {
  for (const tool of [
    'mosquitto',
    'mosquitto_passwd',
    'mosquitto_pub',
    'mosquitto_sub',
    'openssl',
  ]) {
    const probe = spawnSync(tool, ['--help'], { stdio: 'ignore', timeout: 10_000 });
    if (probe.error && (probe.error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        tool === 'openssl'
          ? 'install openssl (apt-get install openssl)'
          : `${tool} not found: ${INSTALL_HINT}`,
      );
    }
  }
}

function run(cmd: string, args: readonly string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

/** A CA and a server certificate with CN = serial and no SAN, like a printer's. */
function makeCertificates(dir: string, serial: string): void {
  run(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=Farmdeck Test CA',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
    ],
    dir,
  );
  run(
    'openssl',
    [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${serial}`,
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
    ],
    dir,
  );
  run(
    'openssl',
    [
      'x509',
      '-req',
      '-days',
      '2',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.crt',
    ],
    dir,
  );
}

async function waitForPort(
  port: number,
  broker: ChildProcess,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (broker.exitCode !== null) return false;
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** A running mosquitto configured like a printer's broker: TLS, user bblp, no anonymous access. */
export interface MosquittoBroker {
  readonly port: number;
  readonly serial: string;
  readonly accessCode: string;
  /** PEM of the CA that signed the broker's certificate. */
  readonly caPem: string;
  /** Publishes `payload` (JSON-encoded unless a string) on `topic` with mosquitto_pub (as bblp, over TLS). */
  publish(topic: string, payload: unknown): Promise<void>;
  /**
   * Starts mosquitto_sub on `topic` (as bblp, over TLS); resolves once it is subscribed. Publishes
   * `{"probe":n}` messages on the topic to find out; they are not listed in `messages`.
   */
  subscribe(topic: string): Promise<Subscription>;
  close(): Promise<void>;
}

/** Generates certificates and a password file in a temporary folder and starts mosquitto on a free port. */
export async function startMosquitto(serial: string, accessCode: string): Promise<MosquittoBroker> {
  requireMosquitto();
  const dir = mkdtempSync(join(tmpdir(), 'farmdeck-mosquitto-'));
  makeCertificates(dir, serial);
  run('mosquitto_passwd', ['-b', '-c', join(dir, 'passwd'), 'bblp', accessCode], dir);
  const children = new Set<ChildProcess>();
  let broker: ChildProcess | undefined;
  let port = 0;
  let log = '';
  // A free port can be taken between probing and binding: try a few.
  for (let attempt = 0; attempt < 3 && !broker; attempt++) {
    port = await freePort();
    const config = [
      `listener ${port} 127.0.0.1`,
      `cafile ${join(dir, 'ca.crt')}`,
      `certfile ${join(dir, 'server.crt')}`,
      `keyfile ${join(dir, 'server.key')}`,
      'allow_anonymous false',
      `password_file ${join(dir, 'passwd')}`,
      'persistence false',
      'log_dest stderr',
      // Run as root, mosquitto would switch to user "mosquitto", which cannot read the temp files.
      `user ${userInfo().username}`,
      '',
    ].join('\n');
    writeFileSync(join(dir, 'mosquitto.conf'), config);
    const child = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    if (await waitForPort(port, child, 15_000)) broker = child;
    else child.kill('SIGKILL');
  }
  if (!broker) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`mosquitto did not start listening:\n${log}`);
  }
  const running = broker;
  const tlsArgs = [
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '--cafile',
    join(dir, 'ca.crt'),
    // The certificate names the serial, not 127.0.0.1 (as on a real printer): check the chain only.
    '--insecure',
    '-u',
    'bblp',
    '-P',
    accessCode,
  ];

  return {
    port,
    serial,
    accessCode,
    caPem: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    async publish(topic, payload) {
      await publishWith(tlsArgs, dir, topic, payload);
    },
    subscribe(topic) {
      return subscribeWith(tlsArgs, dir, topic, (child) => {
        children.add(child);
        child.once('close', () => children.delete(child));
      });
    },
    async close() {
      for (const child of [...children, running]) {
        if (child.exitCode === null && child.signalCode === null) {
          const closed = new Promise((r) => child.once('close', r));
          child.kill('SIGTERM');
          await closed;
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
