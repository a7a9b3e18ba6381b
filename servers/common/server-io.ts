/**
 * What the server commands (bambu-compat, bambu-proxy) need from their process: output lines,
 * environment, and the signal that stops them.
 */

/** Where a server command writes and what stops it. */
export interface ServerIo {
  /** One line (without its newline) to standard output. */
  stdout: (line: string) => void;
  /** One line (without its newline) to standard error. */
  stderr: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C / SIGTERM: the server closes and the command returns. */
  signal: AbortSignal;
  /** Called once the server listens, with its URL (tests wait on it). */
  onListening?: (url: string) => void;
}

/** Resolves when `signal` is aborted. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}

/** Parses a --port value (0 allowed: any free port). */
export function parseListenPort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}

/** A log line with the time, for long-running servers. */
export function stamped(line: string): string {
  return `${new Date().toISOString()} ${line}`;
}
