import type { ErrorMapper } from '../../shared/contract/dispatch.ts';
import { FarmFailure, type ErrorCode, type FarmError } from '../../shared/contract/result.ts';
import { LinkError, type LinkErrorCode } from '../mqtt/link-error.ts';

const LINK_TO_FARM: Record<LinkErrorCode, ErrorCode> = {
  'auth-failed': 'auth-failed',
  unreachable: 'unreachable',
  'tls-untrusted': 'tls-untrusted',
  timeout: 'timeout',
  'not-connected': 'not-connected',
  'command-failed': 'command-failed',
  'control-refused': 'control-refused',
  'malformed-message': 'internal',
  'oversized-message': 'internal',
  closed: 'disconnected',
  'wrong-serial': 'wrong-serial',
};

/**
 * Turns anything thrown inside the engine into an error value. Link errors keep their message (they say
 * what to do and never contain secrets); unknown errors are reported as internal.
 */
export const farmErrorOf: ErrorMapper = (err): FarmError => {
  if (err instanceof FarmFailure) return { code: err.code, message: err.message };
  if (err instanceof LinkError) return { code: LINK_TO_FARM[err.code], message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: `unexpected error: ${message}` };
};
