import { z } from 'zod';
import {
  AlertKinds,
  type AlertChannelName,
  type AlertResult,
  type AlertsInput,
  type AlertsView,
} from '../../shared/contract/alert-schemas.ts';
import type { RequestHandlers } from '../../shared/contract/contract.ts';
import { NOTIFY_KINDS } from '../../shared/contract/notify-schemas.ts';
import { FarmFailure } from '../../shared/contract/result.ts';
import { AlertOutbox } from './alert-outbox.ts';
import {
  alertUrl,
  ntfyRequest,
  redactUrl,
  webhookRequest,
  type AlertEvent,
  type AlertRequest,
} from './alert-payload.ts';
import { sendAlert, type ChannelWords, type SendOutcome } from './alert-sender.ts';
import type { FarmLogger, SecretStore } from './ports.ts';

/** Non-secret settings of the alert channels, in the engine's key-value store like the notify switches. */
export const ALERT_SETTINGS_KEY = 'farmdeck:alert-settings';
/** The whole webhook URL is a secret (services put their token in it). */
export const WEBHOOK_URL_KEY = 'alert:webhook:url';
export const NTFY_TOKEN_KEY = 'alert:ntfy:token';

const AlertSettings = z.object({
  webhook: z.object({ enabled: z.boolean(), kinds: AlertKinds }),
  ntfy: z.object({
    enabled: z.boolean(),
    kinds: AlertKinds,
    server: z.string(),
    topic: z.string(),
  }),
});
type AlertSettings = z.infer<typeof AlertSettings>;

const defaultSettings = (): AlertSettings => ({
  webhook: { enabled: false, kinds: [...NOTIFY_KINDS] },
  ntfy: { enabled: false, kinds: [...NOTIFY_KINDS], server: '', topic: '' },
});

const WORDS: Record<AlertChannelName, ChannelWords> = {
  webhook: {
    subject: 'the webhook',
    notFound: 'check the URL',
    denied: 'the token in the URL may be wrong or expired',
  },
  ntfy: {
    subject: 'the ntfy server',
    notFound: 'check the server address',
    denied: 'check the access token and that it may publish to this topic',
  },
};

export interface AlertServiceOptions {
  /** Whole exchange of one attempt, ms (default 10 000). */
  timeoutMs?: number;
  /** Waits before each retry, ms (default 2 retries: 2 s, then 10 s). */
  retryDelaysMs?: readonly number[];
  /** Alerts a channel keeps waiting at most (default 50); beyond, the oldest is dropped. */
  maxPending?: number;
}

type AlertChannel = Extract<keyof RequestHandlers, `alerts:${string}`>;

/**
 * Alerts beyond the desktop: each notification whose kind a channel wants goes to the webhook (JSON) and
 * to the ntfy topic (text + headers), through one small queue per channel. The webhook URL and the ntfy
 * token live in the SecretStore; the renderer sees only a hint, and logs only name the channel and the
 * HTTP status.
 */
export class AlertService {
  private settings = defaultSettings();
  private webhookUrl: string | null = null;
  private ntfyToken: string | null = null;
  private readonly last: Record<AlertChannelName, AlertResult | null> = {
    webhook: null,
    ntfy: null,
  };
  private readonly outboxes: Record<AlertChannelName, AlertOutbox>;
  private readonly closing = new AbortController();
  private readonly timeoutMs: number;

  constructor(
    private readonly store: SecretStore,
    private readonly logger: FarmLogger,
    private readonly now: () => number,
    options: AlertServiceOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    const outbox = (channel: AlertChannelName) =>
      new AlertOutbox((alert, signal) => this.attempt(channel, alert, signal), {
        maxPending: options.maxPending ?? 50,
        retryDelaysMs: options.retryDelaysMs ?? [2_000, 10_000],
        now: this.now,
        onResult: (result) => this.record(channel, result),
      });
    this.outboxes = { webhook: outbox('webhook'), ntfy: outbox('ntfy') };
  }

  /** Reads the saved settings and secrets (defaults when none or unreadable). */
  async load(): Promise<void> {
    try {
      const raw = await this.store.get(ALERT_SETTINGS_KEY);
      if (raw !== null) {
        const parsed = AlertSettings.safeParse(JSON.parse(raw));
        if (parsed.success) this.settings = parsed.data;
        else this.logger.warn('alert settings unreadable, alerts are off until saved again');
      }
      this.webhookUrl = await this.store.get(WEBHOOK_URL_KEY);
      this.ntfyToken = await this.store.get(NTFY_TOKEN_KEY);
    } catch (err) {
      this.logger.warn(`alert settings unreadable: ${(err as Error).message}`);
    }
  }

  view(): AlertsView {
    const { webhook, ntfy } = this.settings;
    return {
      webhook: {
        enabled: webhook.enabled,
        kinds: [...webhook.kinds],
        last: this.last.webhook,
        dropped: this.outboxes.webhook.dropped,
        urlHint: this.webhookUrl === null ? null : redactUrl(this.webhookUrl),
        hasSecret: this.webhookUrl !== null,
      },
      ntfy: {
        enabled: ntfy.enabled,
        kinds: [...ntfy.kinds],
        last: this.last.ntfy,
        dropped: this.outboxes.ntfy.dropped,
        server: ntfy.server,
        topic: ntfy.topic,
        hasSecret: this.ntfyToken !== null,
      },
    };
  }

  /** Saves both channels; a secret field absent keeps the saved secret, '' deletes it. */
  async set(input: AlertsInput): Promise<AlertsView> {
    const webhookUrl =
      input.webhook.url === undefined ? this.webhookUrl : input.webhook.url.trim() || null;
    if (webhookUrl !== null) alertUrl(webhookUrl, 'the webhook URL');
    if (input.webhook.enabled && webhookUrl === null) {
      throw new FarmFailure('invalid-input', 'enter the webhook URL, or switch the webhook off');
    }
    const server = input.ntfy.server.trim() === '' ? '' : ntfyServer(input.ntfy.server);
    const topic = input.ntfy.topic.trim();
    if (input.ntfy.enabled && (server === '' || topic === '')) {
      throw new FarmFailure('invalid-input', 'enter the ntfy server and topic, or switch ntfy off');
    }
    const token = input.ntfy.token === undefined ? this.ntfyToken : input.ntfy.token.trim() || null;
    if (token !== null && !/^[\x21-\x7e]+$/.test(token)) {
      throw new FarmFailure(
        'invalid-input',
        'the ntfy token has spaces or characters a token cannot have: paste it again',
      );
    }
    // Like an access code, a saved token only goes where it was saved for.
    if (
      input.ntfy.token === undefined &&
      this.ntfyToken !== null &&
      server !== this.settings.ntfy.server
    ) {
      throw new FarmFailure(
        'invalid-input',
        'the saved ntfy token was for another server: enter the token again (or clear it) to change the server',
      );
    }
    const settings: AlertSettings = {
      webhook: { enabled: input.webhook.enabled, kinds: [...input.webhook.kinds] },
      ntfy: { enabled: input.ntfy.enabled, kinds: [...input.ntfy.kinds], server, topic },
    };
    await this.saveSecret(WEBHOOK_URL_KEY, webhookUrl);
    await this.saveSecret(NTFY_TOKEN_KEY, token);
    await this.store.set(ALERT_SETTINGS_KEY, JSON.stringify(settings));
    this.webhookUrl = webhookUrl;
    this.ntfyToken = token;
    this.settings = settings;
    this.logger.info('alert settings saved');
    return this.view();
  }

  /** Queues `alert` on every enabled channel that wants its kind; never waits for the network. */
  deliver(alert: AlertEvent): void {
    if (alert.event === 'test') return;
    for (const channel of ['webhook', 'ntfy'] as const) {
      const settings = this.settings[channel];
      if (!settings.enabled || !settings.kinds.includes(alert.event)) continue;
      if (this.requestFor(channel, alert) === null) continue;
      this.outboxes[channel].push(alert);
    }
  }

  /** Sends a test alert on `channel` now (one attempt, saved settings, even when switched off). */
  async test(channel: AlertChannelName): Promise<AlertResult> {
    const alert: AlertEvent = {
      event: 'test',
      title: 'Farmdeck test alert',
      body: `Alerts from Farmdeck reach this ${channel === 'webhook' ? 'webhook' : 'ntfy topic'}.`,
      printer: null,
      at: this.now(),
    };
    if (this.requestFor(channel, alert) === null) {
      throw new FarmFailure(
        'invalid-input',
        channel === 'webhook'
          ? 'save a webhook URL first, then send the test'
          : 'save the ntfy server and topic first, then send the test',
      );
    }
    const outcome = await this.attempt(channel, alert, this.closing.signal);
    const result = { ...outcome.result, at: this.now() };
    this.record(channel, result);
    return result;
  }

  /** Resolves once both queues are empty (tests). */
  async idle(): Promise<void> {
    await Promise.all([this.outboxes.webhook.idle(), this.outboxes.ntfy.idle()]);
  }

  async close(): Promise<void> {
    this.closing.abort();
    await Promise.all([this.outboxes.webhook.close(), this.outboxes.ntfy.close()]);
  }

  handlers(): Pick<RequestHandlers, AlertChannel> {
    return {
      'alerts:get': () => Promise.resolve(this.view()),
      'alerts:set': (input) => this.set(input),
      'alerts:test': (channel) => this.test(channel),
    };
  }

  private requestFor(channel: AlertChannelName, alert: AlertEvent): AlertRequest | null {
    if (channel === 'webhook') {
      return this.webhookUrl === null
        ? null
        : webhookRequest(alertUrl(this.webhookUrl, 'the webhook URL'), alert);
    }
    const { server, topic } = this.settings.ntfy;
    if (server === '' || topic === '') return null;
    return ntfyRequest(alertUrl(server, 'the ntfy server'), topic, this.ntfyToken, alert);
  }

  private async attempt(
    channel: AlertChannelName,
    alert: AlertEvent,
    signal: AbortSignal,
  ): Promise<SendOutcome> {
    let request: AlertRequest | null;
    try {
      request = this.requestFor(channel, alert);
    } catch (err) {
      return { result: { ok: false, status: null, message: (err as Error).message }, retry: false };
    }
    if (request === null) {
      return {
        result: { ok: false, status: null, message: `${channel} is no longer set up` },
        retry: false,
      };
    }
    return sendAlert(request, WORDS[channel], this.timeoutMs, signal);
  }

  private record(channel: AlertChannelName, result: AlertResult): void {
    this.last[channel] = result;
    // Only the channel and the status: the URL, the token and the server's words stay out of logs.
    const status = result.status === null ? 'no answer' : `HTTP ${result.status}`;
    if (result.ok) this.logger.info(`alert ${channel}: sent (${status})`);
    else this.logger.warn(`alert ${channel}: failed (${status})`);
  }

  private async saveSecret(key: string, value: string | null): Promise<void> {
    if (value === null) await this.store.delete(key);
    else await this.store.set(key, value);
  }
}

/** An ntfy server address: http(s), no user or password in it, no trailing slash. */
function ntfyServer(text: string): string {
  const url = alertUrl(text, 'the ntfy server');
  if (url.username !== '' || url.password !== '') {
    throw new FarmFailure(
      'invalid-input',
      'put the ntfy password or token in the token field, not in the server address',
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new FarmFailure('invalid-input', 'the ntfy server address has no ? or # part');
  }
  return url.href.replace(/\/+$/, '');
}
