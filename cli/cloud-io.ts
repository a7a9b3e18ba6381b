/**
 * What the cloud tools (bambu-login, bambu-query) need from their surroundings, so tests can run
 * them in-process; and the mapping from cloud errors to exit codes.
 */
import { isCloudError } from '../core/cloud/cloud-errors.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';

/** Input and output of a cloud tool run. */
export interface CloudToolIo {
  stdout(line: string): void;
  stderr(line: string): void;
  env: NodeJS.ProcessEnv;
  /** Asks a question; `hidden` for passwords. Rejects when no answer can come (stdin ended). */
  ask(question: string, opts?: { hidden?: boolean }): Promise<string>;
}

/** Exit code for an error thrown by the cloud client. */
export function exitCodeForCloudError(err: unknown): ExitCode {
  if (!isCloudError(err)) return EXIT.failure;
  switch (err.code) {
    case 'wrong-credentials':
    case 'code-wrong':
    case 'code-expired':
    case 'code-required':
    case 'token-expired':
    case 'unauthorized':
      return EXIT.authFailed;
    case 'network':
      return EXIT.unreachable;
    case 'timeout':
      return EXIT.timeout;
    case 'token-file':
      return EXIT.usage;
    case 'login-failed':
    case 'forbidden':
    case 'client-rejected':
    case 'cloudflare':
    case 'rate-limited':
    case 'not-found':
    case 'method-not-allowed':
    case 'server-error':
    case 'bad-response':
    case 'http-error':
    case 'upload-failed':
      return EXIT.failure;
  }
}

/** Shared exit-code text for the cloud tools' --help. */
export const CLOUD_EXIT_HELP = `Exit codes:
  0    done
  1    the cloud failed or refused (rate limit, Cloudflare, server error, ...)
  2    missing or invalid flags, or no saved login
  3    login refused: wrong password or code, or the token expired (log in again)
  4    the cloud could not be reached
  6    the cloud did not answer in time`;

/** `****5678`: enough to recognise an access code without showing it. */
export function maskSecret(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  return value.length <= 4 ? '****' : `****${value.slice(-4)}`;
}
