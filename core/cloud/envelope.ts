/**
 * The cloud's response envelopes (cloud-rest.md §2): "iot" objects with the payload beside
 * `message`/`code`/`error` (A), bare objects (B), and `{code:0, message, data}` (D).
 */
import type { z } from 'zod';
import { CloudError } from './cloud-errors.ts';

/** The payload object of a 2xx answer, whichever envelope it came in. */
export function unwrapEnvelope(json: unknown, what: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CloudError('bad-response', `${what}: expected a JSON object from the cloud`);
  }
  const o = json as Record<string, unknown>;
  const code = o['code'];
  const data = o['data'];
  if (code === 0 && typeof data === 'object' && data !== null && !Array.isArray(data)) {
    return data as Record<string, unknown>;
  }
  // A 200 that carries an application error code (envelope A/D failure).
  if (
    typeof code === 'number' &&
    code !== 0 &&
    (o['error'] != null || o['message'] !== 'success')
  ) {
    const text = [o['error'], o['message']].find((v) => typeof v === 'string' && v !== '');
    throw new CloudError(
      'http-error',
      `${what}: the cloud reported error ${code}${typeof text === 'string' ? ` ("${text.slice(0, 200)}")` : ''}`,
      { apiCode: code },
    );
  }
  return o;
}

/** Parses `value` with `schema`, or throws a `bad-response` naming the endpoint. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where =
      issue === undefined ? '' : ` at ${issue.path.join('.') || '(root)'}: ${issue.message}`;
    throw new CloudError('bad-response', `${what}: unexpected answer shape${where}`);
  }
  return parsed.data;
}
