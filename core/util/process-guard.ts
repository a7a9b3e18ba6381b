/**
 * The process-level safety net of every entry point (command-line tools, servers, demo, benchmarks):
 * a promise rejection nobody handled is logged and the process keeps running (it lost one task, not
 * its state); an uncaught exception is logged and the process exits, because after a synchronous
 * throw escaped, nothing says its state is still sound.
 */

/** Exit code after an uncaught exception (EX_SOFTWARE). */
export const UNCAUGHT_EXIT_CODE = 70;

/** The part of `process` the guards use (tests hand in a stand-in). */
export interface GuardedProcess {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (err: Error) => void): unknown;
  exit(code: number): never | void;
}

const installed = new WeakSet<GuardedProcess>();

/** What went wrong, in one line, without a stack (secrets never travel in our error messages). */
function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

/**
 * Installs the handlers once per process; `name` prefixes the log lines (e.g. `farmdeck-host`).
 * `log` defaults to standard error.
 */
export function installProcessGuards(
  name: string,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  proc: GuardedProcess = process,
): void {
  if (installed.has(proc)) return;
  installed.add(proc);
  proc.on('unhandledRejection', (reason) => {
    log(`${name}: unhandled rejection (kept running): ${describe(reason)}`);
  });
  proc.on('uncaughtException', (err) => {
    log(`${name}: uncaught exception, stopping: ${describe(err)}`);
    proc.exit(UNCAUGHT_EXIT_CODE);
  });
}
