import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './cli-process.ts';

/**
 * The real headless host (servers/host/host-main.ts, run from source through tsx) in a child
 * process of its own group, so a test can SIGKILL it like a crash and always clean it up.
 */
export class HostProcess {
  /** Base URL of the host, e.g. `http://127.0.0.1:43121`. */
  readonly url: string;
  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    url: string,
    private readonly output: () => string,
    readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  ) {
    this.url = url;
  }

  static async start(options: {
    name: string;
    dataDir: string;
    env?: Record<string, string>;
    args?: readonly string[];
    timeoutMs?: number;
  }): Promise<HostProcess> {
    const env = { ...process.env, ...options.env };
    delete env['FARMDECK_TOKEN'];
    delete env['BAMBU_ACCESS_CODE'];
    delete env['BAMBU_TOKEN'];
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        REPO_ROOT + 'servers/host/host-main.ts',
        '--data-dir',
        options.dataDir,
        '--port',
        '0',
        ...(options.args ?? []),
      ],
      { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let log = '';
    const append = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
      (resolve) => {
        child.once('exit', (code, signal) => resolve({ code, signal }));
      },
    );
    const timeoutMs = options.timeoutMs ?? 60_000;
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${options.name} did not start in ${timeoutMs} ms:\n${log}`)),
          timeoutMs,
        );
        const check = () => {
          const m = /Farmdeck is running: open (http:\/\/[^/\s]+)/.exec(log);
          if (!m?.[1]) return;
          clearTimeout(timer);
          child.stdout?.off('data', check);
          resolve(m[1]);
        };
        child.stdout?.on('data', check);
        child.once('error', reject);
        void exited.then(({ code, signal }) => {
          clearTimeout(timer);
          reject(new Error(`${options.name} exited (${code ?? signal}) while starting:\n${log}`));
        });
      });
      return new HostProcess(options.name, child, url, () => log, exited);
    } catch (err) {
      killGroup(child, 'SIGKILL');
      await exited;
      throw err;
    }
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last 20 kB the host printed (stdout and stderr). */
  log(): string {
    return this.output();
  }

  /** Kills the whole process group at once, like a crash or `kill -9`. */
  async crash(): Promise<void> {
    killGroup(this.child, 'SIGKILL');
    await this.exited;
  }

  /** SIGTERM (the host closes its engine and releases its leases), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    killGroup(this.child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(this.child, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}
