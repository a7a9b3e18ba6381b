/**
 * Correlates command replies with the commands sent: by (class, command, sequence_id), with a
 * timeout per command. Replies to other clients' commands (also on the report topic) and
 * commands that never get an answer are both normal (mqtt.md section 3).
 */
import { commandTimeout, controlRefusedMessage, LinkError } from './link-error.ts';

/** A printer's answer to one command. */
export interface CommandReply {
  command: string;
  sequenceId: string;
  /** `result` as sent (`success`, `SUCCESS`, `ok`...); empty when the reply had none. */
  result: string;
  reason: string;
  /** The reply's class object, e.g. the `print` object of `{"print":{...}}`. */
  raw: Record<string, unknown>;
}

/** `err_code`s of the signature check: no envelope / malformed envelope (mqtt.md section 10). */
export const SIGNATURE_ERR_CODES: ReadonlySet<number> = new Set([84033543, 84033545]);

const FAILED_RESULTS = new Set(['fail', 'failed', 'error']);

/**
 * What a reply means: a `CommandReply`, or the `LinkError` to reject with (`control-refused`
 * for a signature refusal, `command-failed` for any other failed result).
 */
export function classifyReply(
  serial: string,
  body: Record<string, unknown>,
): { reply: CommandReply } | { error: LinkError } {
  const command = typeof body['command'] === 'string' ? body['command'] : '';
  const reply: CommandReply = {
    command,
    sequenceId: stringOf(body['sequence_id']),
    result: stringOf(body['result']),
    reason: stringOf(body['reason']),
    raw: body,
  };
  if (isSignatureRefusal(body)) {
    return {
      error: new LinkError('control-refused', controlRefusedMessage(serial), {
        serial,
        command,
        reply: body,
      }),
    };
  }
  const errno = typeof body['errno'] === 'number' ? body['errno'] : 0;
  if (FAILED_RESULTS.has(reply.result.toLowerCase()) || errno < 0) {
    const why = reply.reason && reply.reason.toLowerCase() !== 'fail' ? reply.reason : '';
    const detail = why || (errno < 0 ? `errno ${errno}` : 'no reason given');
    return {
      error: new LinkError(
        'command-failed',
        `printer ${serial} rejected "${command}": ${detail}` +
          (command === 'project_file' ? ' (check the file name, plate and storage)' : ''),
        { serial, command, reply: body },
      ),
    };
  }
  return { reply };
}

/** A reply that says the printer wants signed commands (reason text or `err_code`). */
export function isSignatureRefusal(body: Record<string, unknown>): boolean {
  const reason = stringOf(body['reason']).toLowerCase();
  if (reason.includes('mqtt message verify failed')) return true;
  const code = typeof body['err_code'] === 'number' ? body['err_code'] : Number(body['err_code']);
  return SIGNATURE_ERR_CODES.has(code);
}

function stringOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

interface Pending {
  readonly cls: string;
  readonly command: string;
  readonly timer: NodeJS.Timeout;
  readonly resolve: (r: CommandReply) => void;
  readonly reject: (e: LinkError) => void;
}

export interface ExpectOptions {
  cls: string;
  command: string;
  sequenceId: string;
  timeoutMs: number;
  /**
   * The error to reject with on timeout (default: a `timeout` LinkError). The link uses it to
   * report `control-refused` when the state says the printer wants signed commands.
   */
  onTimeout?: () => LinkError;
}

export class ReplyTracker {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly serial: string) {}

  /** Commands still waiting for an answer. */
  get size(): number {
    return this.pending.size;
  }

  /** Waits for the reply to one command; register before publishing. */
  expect(opts: ExpectOptions): Promise<CommandReply> {
    const key = keyOf(opts.cls, opts.command, opts.sequenceId);
    const previous = this.pending.get(key);
    if (previous !== undefined) {
      clearTimeout(previous.timer);
      this.pending.delete(key);
      previous.reject(this.timeoutError(opts.command, 0));
    }
    return new Promise<CommandReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(key);
        reject(opts.onTimeout?.() ?? this.timeoutError(opts.command, opts.timeoutMs));
      }, opts.timeoutMs);
      this.pending.set(key, { cls: opts.cls, command: opts.command, timer, resolve, reject });
    });
  }

  /**
   * Offers a received message; returns true when it answered a pending command (which is then
   * resolved or rejected), false otherwise.
   */
  handle(message: Record<string, unknown>): boolean {
    let matched = false;
    for (const [cls, body] of Object.entries(message)) {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) continue;
      const b = body as Record<string, unknown>;
      if (typeof b['command'] !== 'string') continue;
      const key = keyOf(cls, b['command'], stringOf(b['sequence_id']));
      const entry = this.pending.get(key);
      if (entry === undefined) continue;
      this.pending.delete(key);
      clearTimeout(entry.timer);
      matched = true;
      const outcome = classifyReply(this.serial, b);
      if ('error' in outcome) entry.reject(outcome.error);
      else entry.resolve(outcome.reply);
    }
    return matched;
  }

  /** Rejects pending commands that match `filter` (all by default) with `error`. */
  rejectAll(error: LinkError, filter?: (cls: string, command: string) => boolean): void {
    for (const [key, entry] of this.pending) {
      if (filter && !filter(entry.cls, entry.command)) continue;
      this.pending.delete(key);
      clearTimeout(entry.timer);
      entry.reject(error);
    }
  }

  private timeoutError(command: string, ms: number): LinkError {
    return commandTimeout(this.serial, command, ms);
  }
}

function keyOf(cls: string, command: string, seq: string): string {
  return `${cls}\u0000${command}\u0000${seq}`;
}
