import { isRequestChannel, type RequestChannel } from './channels.ts';
import { requestSchemas, type RequestHandlers, type RequestOutput } from './contract.ts';
import { FarmFailure, fail, ok, type ErrorCode, type Result } from './result.ts';

/** Maps a thrown value to an error code and message; transports may supply their own (e.g. for LinkError). */
export type ErrorMapper = (err: unknown) => { code: ErrorCode; message: string };

/** Default mapping: FarmFailure keeps its code; anything else is 'internal' with its message. */
export const defaultErrorMapper: ErrorMapper = (err) => {
  if (err instanceof FarmFailure) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: `unexpected error: ${message}` };
};

/**
 * Runs one request from an untrusted sender: checks the channel, parses the arguments with the contract,
 * calls the handler and turns every outcome into a Result. Never throws.
 */
export async function dispatchRequest(
  handlers: RequestHandlers,
  channel: unknown,
  rawArgs: unknown,
  mapError: ErrorMapper = defaultErrorMapper,
): Promise<Result<RequestOutput<RequestChannel>>> {
  if (!isRequestChannel(channel)) {
    return fail(
      'invalid-input',
      `unknown request channel ${JSON.stringify(String(channel)).slice(0, 80)}`,
    );
  }
  const parsed = requestSchemas[channel].input.safeParse(rawArgs);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? ` (${first.path.join('.')})` : '';
    return fail('invalid-input', `${first?.message ?? 'invalid arguments'}${where}`);
  }
  try {
    const handler = handlers[channel] as (
      ...args: unknown[]
    ) => Promise<RequestOutput<RequestChannel>>;
    return ok(await handler(...(parsed.data as unknown[])));
  } catch (err) {
    const { code, message } = mapError(err);
    return fail(code, message);
  }
}
