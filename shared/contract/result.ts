import { z } from 'zod';

/**
 * Errors cross every boundary as values: a code a program can branch on and a message a person can act on.
 * Thrown errors lose everything but their message across Electron IPC, so nothing is thrown across.
 */
export const ERROR_CODES = [
  /** The request's arguments did not match the contract. */
  'invalid-input',
  /** The sender is not the app's own window (Electron) or lacks the host's access token. */
  'forbidden',
  /** No printer with that id. */
  'not-found',
  /** A printer with that serial is already in the farm. */
  'duplicate',
  /** The printer rejected the access code. */
  'auth-failed',
  /**
   * The request sends the printer's access code to another address (host, port, serial or certificate
   * check changed) than it was saved for: enter the code again with the change.
   */
  'access-code-required',
  /** The printer cannot be reached (wrong address, powered off, another network). */
  'unreachable',
  /** The printer's TLS certificate is not trusted. */
  'tls-untrusted',
  /** The printer did not answer in time. */
  'timeout',
  /** The printer is not connected right now. */
  'not-connected',
  /** The printer refuses control: LAN-only mode with Developer Mode is needed. */
  'control-refused',
  /** The printer answered the command with a failure. */
  'command-failed',
  /** The address answered as another printer than the serial given. */
  'wrong-serial',
  /** Settings or secrets could not be read or written. */
  'storage',
  /** The transport to the engine is gone (window reloading, host stopped). */
  'disconnected',
  /** The file cannot be printed: not a sliced .gcode.3mf, corrupt, or sliced for another model. */
  'invalid-file',
  /** The printer is busy with another job. */
  'busy',
  /** The file did not reach the printer's storage (full or missing card, transfer broken). */
  'upload-failed',
  /** The printer did not start the job (refused, reported an error, or never started). */
  'print-failed',
  /** The Bambu cloud refused or failed (rate limit, Cloudflare, server error, bad answer). */
  'cloud-failed',
  /** Anything else: a bug; the message says what happened. */
  'internal',
] as const;

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const FarmError = z.object({ code: ErrorCode, message: z.string() });
/** An error as a value: `code` for programs, `message` for people (never contains a secret). */
export type FarmError = z.infer<typeof FarmError>;

/** The reply to every request. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: FarmError };

/** A successful Result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** A failed Result. */
export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

/** Schema of a Result whose value matches `value`. */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.union([
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: FarmError }),
  ]);
}

/** An error the engine throws inside a request handler; the transport turns it into a failed Result. */
export class FarmFailure extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'FarmFailure';
    this.code = code;
  }
}
