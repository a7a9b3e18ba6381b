import { describe, expect, it } from 'vitest';
import type { PrinterView } from '../../shared/contract/farm-schemas.ts';
import { offlineReasonText, reportDropsText } from './display-status.ts';

const view = (connection: PrinterView['connection']) => ({ connection }) as PrinterView;

describe('offline reasons and dropped reports', () => {
  it('says why a printer is offline, and nothing when it is online', () => {
    expect(
      offlineReasonText(view({ status: 'offline', since: 0, error: null, reason: 'silent' })),
    ).toBe('connected but silent');
    expect(
      offlineReasonText(
        view({ status: 'auth-failed', since: 0, error: null, reason: 'login-refused' }),
      ),
    ).toBe('access code refused');
    expect(offlineReasonText(view({ status: 'online', since: 0, error: null }))).toBeNull();
  });

  it('lists dropped reports by reason', () => {
    expect(reportDropsText(undefined)).toBeNull();
    expect(
      reportDropsText({ oversized: 1, malformed: 2, 'too-many-keys': 0, 'too-large': 0 }),
    ).toBe('1 oversized, 2 malformed');
  });
});
