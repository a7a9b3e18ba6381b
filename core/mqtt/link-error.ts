/** Errors of the printer link: a stable code for programs and a message a person can act on. */
import type { NetFailure } from '../util/net-error.ts';

export type LinkErrorCode =
  | 'auth-failed'
  | 'unreachable'
  | 'tls-untrusted'
  | 'timeout'
  | 'not-connected'
  | 'command-failed'
  | 'control-refused'
  | 'malformed-message'
  | 'oversized-message'
  | 'closed'
  | 'wrong-serial';

/**
 * An error of a `PrinterLink`. `message` says what happened and what to do; it never contains
 * an access code or a token.
 */
export class LinkError extends Error {
  override readonly name = 'LinkError';
  readonly code: LinkErrorCode;
  /** Serial of the printer the error concerns. */
  readonly serial: string;
  /** Command the error concerns (`pause`, `get_version`...), when it is about one. */
  readonly command: string | undefined;
  /** The printer's reply, for `command-failed` and `control-refused` errors. */
  readonly reply: Readonly<Record<string, unknown>> | undefined;
  /** Network/TLS class of a connection failure (core/util/net-error.ts), when it is one. */
  readonly reason: NetFailure | undefined;
  /** True when the command had been sent before this error: the printer may have applied it. */
  readonly sent: boolean;

  constructor(
    code: LinkErrorCode,
    message: string,
    details: {
      serial: string;
      command?: string;
      reply?: Readonly<Record<string, unknown>>;
      cause?: unknown;
      reason?: NetFailure;
      sent?: boolean;
    },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.serial = details.serial;
    this.command = details.command;
    this.reply = details.reply;
    this.reason = details.reason;
    this.sent = details.sent ?? false;
  }
}

/** The message for a printer that refuses unsigned control commands (mqtt.md section 10). */
export function controlRefusedMessage(serial: string): string {
  return (
    `printer ${serial} requires LAN-only mode with Developer Mode for control: enable both on ` +
    `the printer's screen (Settings > LAN only > Developer Mode)`
  );
}

/** Formats a duration for messages: `10 s`, `1.5 s`, `250 ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** `control-refused` for one command (or for the pending ones, without a command name). */
export function controlRefused(serial: string, command?: string): LinkError {
  return new LinkError('control-refused', controlRefusedMessage(serial), {
    serial,
    ...(command === undefined ? {} : { command }),
  });
}

export function commandTimeout(serial: string, command: string, ms: number): LinkError {
  return new LinkError(
    'timeout',
    `printer ${serial} did not answer "${command}" within ${formatDuration(ms)}`,
    { serial, command, sent: true },
  );
}

export function notConnected(serial: string, command: string): LinkError {
  return new LinkError(
    'not-connected',
    `printer ${serial} is not connected, "${command}" was not sent: wait until the link is online`,
    { serial, command },
  );
}

export function linkClosed(serial: string): LinkError {
  return new LinkError('closed', `link to printer ${serial} was closed`, { serial });
}
