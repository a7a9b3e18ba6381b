import type { OfflineReason } from '../../shared/contract/farm-schemas.ts';
import type { LinkError } from './link-error.ts';

/** Why a link that is offline is so, from the error behind it (no error: it went silent). */
export function offlineReasonOf(error: LinkError | null): OfflineReason {
  switch (error?.code) {
    case undefined:
    case 'timeout':
      return 'silent';
    case 'auth-failed':
      return 'login-refused';
    case 'tls-untrusted':
      return 'tls';
    case 'wrong-serial':
      return 'wrong-serial';
    case 'closed':
      return 'stopped';
    case 'unreachable':
    case 'not-connected':
    case 'command-failed':
    case 'control-refused':
    case 'malformed-message':
    case 'oversized-message':
      return 'network';
  }
}
