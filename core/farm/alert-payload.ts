import type { FarmNotification, NotifyKind } from '../../shared/contract/notify-schemas.ts';
import { FarmFailure } from '../../shared/contract/result.ts';
import { FARMDECK_VERSION } from '../cloud/user-agent.ts';

/** One alert on its way out: a notification (or a test) with the printer's serial looked up. */
export interface AlertEvent {
  /** The notification's kind, or `test` from a "Send test" button. */
  event: NotifyKind | 'test';
  title: string;
  body: string;
  printer: { name: string; serial: string | null } | null;
  /** ms since epoch. */
  at: number;
}

/** The alert of a notification; `serial` is the printer's, looked up by the engine. */
export function alertOfNotification(n: FarmNotification, serial: string | null): AlertEvent {
  return {
    event: n.kind,
    title: n.title,
    body: n.body,
    printer: n.printerName === null ? null : { name: n.printerName, serial },
    at: n.at,
  };
}

/**
 * The webhook's JSON body (documented in docs/queue.md, "Alerts"). `printer` is null for alerts about
 * the farm (queue empty, a test).
 */
export interface WebhookPayload {
  event: AlertEvent['event'];
  title: string;
  body: string;
  printer: { name: string; serial: string | null } | null;
  /** ISO 8601, UTC. */
  at: string;
  farmdeck: { version: string };
}

/** A request ready for `fetch`: the URL is a secret, so it never goes into a message or a log. */
export interface AlertRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
}

export function webhookPayload(alert: AlertEvent): WebhookPayload {
  return {
    event: alert.event,
    title: alert.title,
    body: alert.body,
    printer: alert.printer ? { name: alert.printer.name, serial: alert.printer.serial } : null,
    at: new Date(alert.at).toISOString(),
    farmdeck: { version: FARMDECK_VERSION },
  };
}

export function webhookRequest(url: URL, alert: AlertEvent): AlertRequest {
  return {
    url,
    headers: {
      'content-type': 'application/json',
      'user-agent': `Farmdeck/${FARMDECK_VERSION}`,
    },
    body: JSON.stringify(webhookPayload(alert)),
  };
}

/** ntfy priorities (1 min … 5 urgent): a stopped printer matters more than a finished print. */
const NTFY_PRIORITY: Record<AlertEvent['event'], number> = {
  'print-finished': 3,
  'print-failed': 4,
  'hms-error': 4,
  'printer-offline': 4,
  'queue-empty': 3,
  'bed-waiting': 3,
  test: 3,
};

/** ntfy tags: the first ones that name an emoji show as that emoji; the kind follows as a plain tag. */
const NTFY_TAGS: Record<AlertEvent['event'], string> = {
  'print-finished': 'white_check_mark',
  'print-failed': 'x',
  'hms-error': 'warning',
  'printer-offline': 'electric_plug',
  'queue-empty': 'inbox_tray',
  'bed-waiting': 'raised_hand',
  test: 'bell',
};

/** Header values are Latin-1 at most: anything else goes as an RFC 2047 encoded word (ntfy decodes it). */
export function headerText(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  if (/^[\x20-\x7e]*$/.test(flat)) return flat;
  return `=?UTF-8?B?${Buffer.from(flat, 'utf8').toString('base64')}?=`;
}

/** `POST <server>/<topic>` with the text as body and Title, Priority, Tags (and the token) as headers. */
export function ntfyRequest(
  server: URL,
  topic: string,
  token: string | null,
  alert: AlertEvent,
): AlertRequest {
  const url = new URL(server.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${encodeURIComponent(topic)}`;
  const tags = [NTFY_TAGS[alert.event], 'farmdeck', alert.event];
  return {
    url,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'user-agent': `Farmdeck/${FARMDECK_VERSION}`,
      title: headerText(alert.title),
      priority: String(NTFY_PRIORITY[alert.event]),
      tags: tags.join(','),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: alert.printer?.serial
      ? `${alert.body}\n${alert.printer.name} (${alert.printer.serial})`
      : alert.body,
  };
}

/**
 * Parses a URL the farm owner typed for alerts: http or https only, with a host. `what` names it in the
 * message ("the webhook URL"). The message never repeats the URL: it may hold a token.
 */
export function alertUrl(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new FarmFailure(
      'invalid-input',
      `${what} is not a valid URL: write it whole, e.g. https://example.com/path`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FarmFailure(
      'invalid-input',
      `${what} must start with http:// or https:// (${url.protocol.replace(/:$/, '')} is not supported)`,
    );
  }
  if (url.hostname === '') throw new FarmFailure('invalid-input', `${what} has no host name`);
  return url;
}

/** What the renderer may see of a secret URL: scheme and host, e.g. `https://hooks.example.com/…`. */
export function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}/…`;
  } catch {
    return '(unreadable URL)';
  }
}
