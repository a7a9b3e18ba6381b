/**
 * Why a print did not start.
 * - `busy`: the printer is already preparing, printing or paused.
 * - `refused`: the printer answered the `project_file` command with a failure.
 * - `print-error`: the printer took the command, then reported a `print_error` / FAILED.
 * - `no-start`: no sign of the job within the start timeout.
 * - `offline`: the printer's MQTT link is not connected.
 * - `mapping-incomplete`: `auto` AMS mapping found no loaded tray for a filament (nothing sent).
 *
 * A `project_file` without a reply is not an error: see `StartOutcome` (not confirmed yet).
 */
export type PrintStartErrorCode =
  'busy' | 'refused' | 'print-error' | 'no-start' | 'offline' | 'mapping-incomplete';

/** A print that did not start, with a message a person can act on. */
export class PrintStartError extends Error {
  override readonly name = 'PrintStartError';
  constructor(
    readonly code: PrintStartErrorCode,
    message: string,
    options?: { cause?: unknown; printError?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.printError = options?.printError ?? null;
  }
  /** The printer's `print_error` (`0500_4002`), when it reported one. */
  readonly printError: string | null;
}

/** `{code, message}` of any error, for per-printer results (never a stack or a secret). */
export function describeError(err: unknown): { code: string; message: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : 'failed', message: err.message };
  }
  return { code: 'failed', message: String(err) };
}
