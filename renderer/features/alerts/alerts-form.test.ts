import { describe, expect, it } from 'vitest';
import type { AlertsView } from '../../../shared/contract/alert-schemas.ts';
import { formOf, inputOf, isDirty, toggleKind } from './alerts-form.ts';

const view: AlertsView = {
  webhook: {
    enabled: true,
    kinds: ['print-failed'],
    last: null,
    dropped: 0,
    urlHint: 'https://hooks.example.com/…',
    hasSecret: true,
  },
  ntfy: {
    enabled: false,
    kinds: [],
    last: null,
    dropped: 0,
    server: 'https://ntfy.sh',
    topic: 'farm',
    hasSecret: true,
  },
};

describe('alerts form', () => {
  it('starts with empty secret fields and sends them as absent (keep)', () => {
    const form = formOf(view);
    expect(form.webhook.url).toBe('');
    expect(form.ntfy.token).toBe('');
    expect(isDirty(form, view)).toBe(false);
    const input = inputOf(form);
    expect(input.webhook).not.toHaveProperty('url');
    expect(input.ntfy).not.toHaveProperty('token');
  });

  it("sends a typed secret, and '' only when removal is ticked", () => {
    const form = formOf(view);
    const typed = inputOf({
      ...form,
      webhook: { ...form.webhook, url: ' https://h.example/x ' },
      ntfy: { ...form.ntfy, removeToken: true },
    });
    expect(typed.webhook.url).toBe('https://h.example/x');
    expect(typed.ntfy.token).toBe('');
    expect(isDirty({ ...form, ntfy: { ...form.ntfy, removeToken: true } }, view)).toBe(true);
  });

  it('toggles kinds', () => {
    expect(toggleKind(['print-failed'], 'queue-empty')).toEqual(['print-failed', 'queue-empty']);
    expect(toggleKind(['print-failed', 'queue-empty'], 'print-failed')).toEqual(['queue-empty']);
  });
});
