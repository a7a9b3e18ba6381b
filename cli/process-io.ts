// The process side of every command-line tool: signals, standard streams, exit code.
import { basename } from 'node:path';
import { installProcessGuards } from '../core/util/process-guard.ts';
import { EXIT } from './exit-codes.ts';

/** What a tool's run function receives instead of touching `process` itself (so tests can run it). */
export interface ProcessIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  /** Rewrites the current terminal line (progress bars); absent when stderr is not a terminal. */
  readonly progress?: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C or SIGTERM. */
  readonly signal: AbortSignal;
}

/**
 * Runs a tool as this process: Ctrl-C/SIGTERM abort its signal (a second one exits at once, in case
 * closing hangs), its result becomes the exit code, and a stray timer or pipe cannot keep the
 * process alive once it is done.
 */
export async function runAsProcess(
  run: (argv: string[], io: ProcessIo) => Promise<number>,
): Promise<void> {
  installProcessGuards(basename(process.argv[1] ?? 'farmdeck', '.js'));
  const stop = new AbortController();
  const onSignal = (): void => {
    if (stop.signal.aborted) process.exit(EXIT.interrupted);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const code = await run(process.argv.slice(2), {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    ...(process.stderr.isTTY
      ? { progress: (line: string) => process.stderr.write(`\r\x1b[2K${line}`) }
      : {}),
    env: process.env,
    signal: stop.signal,
  });
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2000).unref();
}
