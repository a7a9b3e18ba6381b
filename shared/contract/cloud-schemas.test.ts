import { describe, expect, it } from 'vitest';
import { EVENT_CHANNELS, REQUEST_CHANNELS } from './channels.ts';
import { CloudAccountView, CloudAddPrinter, CloudCode, CloudLoginStart } from './cloud-schemas.ts';
import { eventSchemas, requestSchemas } from './contract.ts';
import { NotifyPrefs } from './notify-schemas.ts';

describe('cloud and notification contract', () => {
  it('declares every cloud and notification channel with schemas', () => {
    for (const c of [
      'cloud:request-code',
      'cloud:submit-code',
      'cloud:logout',
      'notify:set-prefs',
    ]) {
      expect(REQUEST_CHANNELS).toContain(c);
      expect(requestSchemas).toHaveProperty([c]);
    }
    for (const c of ['cloud:changed', 'notify:raised', 'notify:open-printer']) {
      expect(EVENT_CHANNELS).toContain(c);
      expect(eventSchemas).toHaveProperty([c]);
    }
  });

  it('parses a person’s login input and says what to fix', () => {
    expect(CloudLoginStart.parse({ region: 'global', email: ' me@example.com ' }).email).toBe(
      'me@example.com',
    );
    expect(CloudLoginStart.safeParse({ region: 'mars', email: 'me@example.com' }).success).toBe(
      false,
    );
    expect(CloudCode.parse(' 123456 ')).toBe('123456');
    expect(CloudCode.safeParse('12ab56').error?.issues[0]?.message).toContain('4 to 8 digits');
    expect(CloudAddPrinter.parse({ serial: '01p00a000000001', host: '10.0.0.5' }).serial).toBe(
      '01P00A000000001',
    );
    expect(CloudAddPrinter.safeParse({ serial: '01P00A000000001', host: 'http://x' }).success).toBe(
      false,
    );
  });

  it('has no place for a token in what the renderer receives', () => {
    const view = CloudAccountView.parse({
      status: 'signed-in',
      region: 'global',
      email: 'me@example.com',
      mqtt: 'connected',
      printers: [],
      error: null,
      token: 'secret-token',
    });
    expect(JSON.stringify(view)).not.toContain('secret-token');
  });

  it('requires all four notification switches', () => {
    expect(NotifyPrefs.safeParse({ 'print-finished': true }).success).toBe(false);
  });
});
