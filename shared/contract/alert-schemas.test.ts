import { describe, expect, it } from 'vitest';
import { AlertsInput } from './alert-schemas.ts';
import { REQUEST_CHANNELS } from './channels.ts';
import { requestSchemas } from './contract.ts';
import { FarmNotification } from './notify-schemas.ts';

const input = {
  webhook: { enabled: true, kinds: ['print-failed', 'queue-empty'] },
  ntfy: { enabled: false, kinds: [], server: '', topic: '' },
};

describe('alert contract', () => {
  it('declares the alert channels with schemas', () => {
    for (const c of ['alerts:get', 'alerts:set', 'alerts:test'] as const) {
      expect(REQUEST_CHANNELS).toContain(c);
      expect(requestSchemas).toHaveProperty([c]);
    }
    expect(requestSchemas['alerts:test'].input.safeParse(['email']).success).toBe(false);
  });

  it('keeps an absent secret absent, and refuses repeated kinds and odd topics', () => {
    const parsed = AlertsInput.parse(input);
    expect(parsed.webhook).not.toHaveProperty('url');
    expect(
      AlertsInput.parse({ ...input, webhook: { ...input.webhook, url: '' } }).webhook.url,
    ).toBe('');
    const twice = AlertsInput.safeParse({
      ...input,
      webhook: { enabled: true, kinds: ['print-failed', 'print-failed'] },
    });
    expect(twice.error?.issues[0]?.message).toBe('each kind at most once');
    const topic = AlertsInput.safeParse({ ...input, ntfy: { ...input.ntfy, topic: 'a/../b' } });
    expect(topic.error?.issues[0]?.message).toContain('only letters, digits');
  });

  it('lets a notification name no printer (the queue ran empty)', () => {
    const n = {
      id: 'n-1',
      kind: 'queue-empty',
      printerId: null,
      printerName: null,
      title: 'The queue is empty',
      body: '',
      at: 0,
    };
    expect(FarmNotification.parse(n)).toEqual(n);
    expect(FarmNotification.safeParse({ ...n, printerId: undefined }).success).toBe(false);
  });
});
