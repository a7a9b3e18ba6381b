import type { ErrorCode, FarmError } from '../../shared/contract/result.ts';
import { FtpsError, type FtpsErrorCode } from '../ftps/ftps-error.ts';
import { PrintStartError, type PrintStartErrorCode } from '../printing/print-error.ts';
import { ThreeMfError } from '../threemf/threemf-error.ts';
import { farmErrorOf } from './farm-errors.ts';

const FTPS_TO_FARM: Record<FtpsErrorCode, ErrorCode> = {
  'auth-failed': 'auth-failed',
  unreachable: 'unreachable',
  'tls-untrusted': 'tls-untrusted',
  'wrong-serial': 'wrong-serial',
  timeout: 'timeout',
  'storage-full': 'upload-failed',
  'no-storage': 'upload-failed',
  'not-found': 'not-found',
  'invalid-name': 'upload-failed',
  incomplete: 'upload-failed',
  cancelled: 'upload-failed',
  protocol: 'upload-failed',
};

const START_TO_FARM: Record<PrintStartErrorCode, ErrorCode> = {
  busy: 'busy',
  offline: 'not-connected',
  refused: 'print-failed',
  'print-error': 'print-failed',
  'no-start': 'print-failed',
  'mapping-incomplete': 'invalid-input',
};

/**
 * Error value of anything a print, an upload or a file operation threw. The libraries' messages
 * already say what happened and what to do, and never contain the access code.
 */
export function printErrorOf(err: unknown): FarmError {
  if (err instanceof ThreeMfError) return { code: 'invalid-file', message: err.message };
  if (err instanceof FtpsError) return { code: FTPS_TO_FARM[err.code], message: err.message };
  if (err instanceof PrintStartError) {
    return { code: START_TO_FARM[err.code], message: err.message };
  }
  return farmErrorOf(err);
}
