import { describe, expect, it } from 'vitest';
import type { FarmNotification } from '../../shared/contract/notify-schemas.ts';
import { FARMDECK_VERSION } from '../cloud/user-agent.ts';
import {
  alertOfNotification,
  alertUrl,
  headerText,
  ntfyRequest,
  redactUrl,
  webhookPayload,
  webhookRequest,
  type AlertEvent,
} from './alert-payload.ts';
import { outcomeOfStatus } from './alert-sender.ts';

const finished: FarmNotification = {
  id: 'n-3',
  kind: 'print-finished',
  printerId: 'p-1',
  printerName: 'Rack A · 3',
  title: 'Print finished on Rack A · 3',
  body: '"bracket" is done: the plate can be removed.',
  at: Date.UTC(2026, 11, 5, 9, 30, 0),
};

describe('alert payloads', () => {
  it('builds the documented webhook JSON from a notification', () => {
    const alert = alertOfNotification(finished, '01P00A123456789');
    expect(webhookPayload(alert)).toEqual({
      event: 'print-finished',
      title: 'Print finished on Rack A · 3',
      body: '"bracket" is done: the plate can be removed.',
      printer: { name: 'Rack A · 3', serial: '01P00A123456789' },
      at: '2026-12-05T09:30:00.000Z',
      farmdeck: { version: FARMDECK_VERSION },
    });
    const request = webhookRequest(new URL('https://hooks.example.com/t/abc'), alert);
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual(webhookPayload(alert));
  });

  it('sends printer null for alerts about the farm', () => {
    const alert = alertOfNotification(
      { ...finished, kind: 'queue-empty', printerId: null, printerName: null },
      null,
    );
    expect(webhookPayload(alert).printer).toBeNull();
    expect(webhookPayload(alert).event).toBe('queue-empty');
  });

  it('builds an ntfy POST: topic path, title, priority, tags and the bearer token', () => {
    const alert: AlertEvent = {
      event: 'print-failed',
      title: 'Print failed on Desk',
      body: '"cube" stopped.',
      printer: { name: 'Desk', serial: '01S00C000000001' },
      at: 0,
    };
    const request = ntfyRequest(new URL('https://ntfy.example.org/base/'), 'farm_1', 'tk_x', alert);
    expect(request.url.href).toBe('https://ntfy.example.org/base/farm_1');
    expect(request.headers).toMatchObject({
      title: 'Print failed on Desk',
      priority: '4',
      tags: 'x,farmdeck,print-failed',
      authorization: 'Bearer tk_x',
    });
    expect(request.body).toBe('"cube" stopped.\nDesk (01S00C000000001)');
    const anonymous = ntfyRequest(new URL('http://127.0.0.1:8080'), 't', null, alert);
    expect(anonymous.url.href).toBe('http://127.0.0.1:8080/t');
    expect(anonymous.headers).not.toHaveProperty('authorization');
  });

  it('encodes non-ASCII header text as an RFC 2047 word and keeps ASCII as is', () => {
    expect(headerText('Print finished on Desk')).toBe('Print finished on Desk');
    const encoded = headerText('Drucker Müller ✓');
    expect(encoded).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
    const inner = encoded.slice('=?UTF-8?B?'.length, -2);
    expect(Buffer.from(inner, 'base64').toString('utf8')).toBe('Drucker Müller ✓');
    expect(headerText('two\r\nlines')).toBe('two lines');
  });
});

describe('alert URLs', () => {
  it('accepts http and https only, with messages that never repeat the URL', () => {
    expect(alertUrl(' https://hooks.example.com/x ', 'the webhook URL').host).toBe(
      'hooks.example.com',
    );
    expect(alertUrl('http://10.0.0.5:8080/', 'the ntfy server').port).toBe('8080');
    for (const bad of [
      'ftp://example.com/secret-1',
      'file:///etc/secret-1',
      'javascript:secret-1',
    ]) {
      expect(() => alertUrl(bad, 'the webhook URL')).toThrow(
        /must start with http:\/\/ or https:\/\//,
      );
      try {
        alertUrl(bad, 'the webhook URL');
      } catch (err) {
        expect((err as Error).message).not.toContain('secret-1');
      }
    }
    expect(() => alertUrl('hooks.example.com/secret-1', 'the webhook URL')).toThrow(
      /not a valid URL/,
    );
  });

  it('redacts a secret URL to scheme and host', () => {
    expect(redactUrl('https://user:pw@hooks.example.com/services/T0/B1/XYZ?token=abc')).toBe(
      'https://hooks.example.com/…',
    );
    expect(redactUrl('http://127.0.0.1:9000/hook/secret')).toBe('http://127.0.0.1:9000/…');
  });
});

describe('answers in words', () => {
  const words = { subject: 'the webhook', notFound: 'check the URL', denied: 'check the token' };
  it('says what to do for each kind of HTTP status, and which ones are worth a retry', () => {
    expect(outcomeOfStatus(204, words)).toEqual({
      result: { ok: true, status: 204, message: 'the webhook answered 204' },
      retry: false,
    });
    expect(outcomeOfStatus(404, words).result.message).toBe(
      'the webhook answered 404: check the URL',
    );
    expect(outcomeOfStatus(404, words).retry).toBe(false);
    expect(outcomeOfStatus(403, words).result.message).toContain('check the token');
    expect(outcomeOfStatus(503, words).retry).toBe(true);
    expect(outcomeOfStatus(429, words).retry).toBe(true);
    expect(outcomeOfStatus(400, words)).toMatchObject({ result: { ok: false }, retry: false });
  });
});
