import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Repository root (this file is test/support/cli-process.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Fails with a clear message when the CLI has not been compiled: the bin shims import dist/,
 * which `npm run build` (run first by `npm test`) produces.
 */
export function assertBuilt(distFile: string): void {
  if (!existsSync(REPO_ROOT + distFile)) {
    throw new Error(
      `${distFile} is missing: build first with \`npm run build\` (npx tsc -p tsconfig.build.json)`,
    );
  }
}

/** What a finished command printed and how it ended. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running command whose output is collected line by line. */
export class CliProcess {
  readonly child: ChildProcess;
  readonly stdoutLines: string[] = [];
  stdout = '';
  stderr = '';
  /** Resolves when the process has exited and its output is complete. */
  readonly exited: Promise<CliResult>;
  private readonly waiters = new Set<() => void>();

  constructor(bin: string, args: readonly string[], env: Record<string, string> = {}) {
    // The tests' own environment must not leak secrets into the command under test.
    const base = { ...process.env };
    delete base.BAMBU_ACCESS_CODE;
    delete base.BAMBU_TOKEN;
    this.child = spawn(process.execPath, [REPO_ROOT + bin, ...args], {
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      partial += chunk;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      this.stdoutLines.push(...lines);
      this.notify();
    });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      this.notify();
    });
    this.exited = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      this.child.on('close', (code, signal) => {
        this.notify();
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr });
      });
    });
  }

  /** Waits until `predicate` holds for the stdout lines so far; rejects with the output on timeout. */
  async waitForLines(predicate: (lines: readonly string[]) => boolean, timeoutMs = 20_000) {
    if (predicate(this.stdoutLines)) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (predicate(this.stdoutLines)) done(resolve);
        else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          done(() => reject(new Error(`process ended early.\n${this.describe()}`)));
        }
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`timed out waiting for output.\n${this.describe()}`))),
        timeoutMs,
      );
      const done = (then: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        then();
      };
      this.waiters.add(check);
    });
  }

  /** Sends a signal (default SIGINT, like Ctrl-C). */
  kill(signal: NodeJS.Signals = 'SIGINT'): void {
    this.child.kill(signal);
  }

  describe(): string {
    return `stdout:\n${this.stdout}\nstderr:\n${this.stderr}`;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** Runs a command to completion; kills it (and rejects) if it takes longer than `timeoutMs`. */
export async function runCli(
  bin: string,
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 40_000,
): Promise<CliResult> {
  const proc = new CliProcess(bin, args, env);
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  try {
    const result = await proc.exited;
    if (result.signal === 'SIGKILL') {
      throw new Error(`${bin} did not finish within ${timeoutMs} ms.\n${proc.describe()}`);
    }
    return result;
  } finally {
    clearTimeout(timer);
  }
}
