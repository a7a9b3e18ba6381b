import type { AlertResult } from '../../shared/contract/alert-schemas.ts';
import type { AlertRequest } from './alert-payload.ts';

/** How a channel is named in its results: "the webhook answered 404", "ntfy server unreachable". */
export interface ChannelWords {
  /** "the webhook", "the ntfy server". */
  subject: string;
  /** What to check when the server says "not found": "check the URL". */
  notFound: string;
  /** What to check when the server refuses the credentials. */
  denied: string;
}

/** One attempt's outcome; `retry` when trying again later may help (no answer, 5xx, 429). */
export interface SendOutcome {
  result: Omit<AlertResult, 'at'>;
  retry: boolean;
}

/** Redirects followed, all to the same host (307/308 keep the POST). */
const MAX_REDIRECTS = 3;

/**
 * POSTs one alert: `timeoutMs` for the whole exchange, redirects only within the same host, the answer's
 * body discarded. Never throws; the outcome's message never contains the URL's path, query or userinfo
 * (they may hold a token), only its host.
 */
export async function sendAlert(
  request: AlertRequest,
  words: ChannelWords,
  timeoutMs: number,
  cancel: AbortSignal,
): Promise<SendOutcome> {
  const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), cancel]);
  let url = request.url;
  try {
    for (let hop = 0; ; hop += 1) {
      const res = await fetch(url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal,
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 300 && res.status < 400) {
        const next = redirectTarget(url, res, hop);
        if (typeof next === 'string') return failed(res.status, `${words.subject} ${next}`, false);
        url = next;
        continue;
      }
      return outcomeOfStatus(res.status, words);
    }
  } catch (err) {
    if (cancel.aborted) return failed(null, 'not sent: Farmdeck is shutting down', false);
    return failed(null, `${unreachable(words)}: ${networkReason(err, url, timeoutMs)}`, true);
  }
}

function redirectTarget(from: URL, res: Response, hop: number): URL | string {
  const location = res.headers.get('location');
  if (location === null) return `answered ${res.status} without a Location: check the URL`;
  let to: URL;
  try {
    to = new URL(location, from);
  } catch {
    return `answered ${res.status} with an unreadable redirect: check the URL`;
  }
  if (to.host !== from.host || (from.protocol === 'https:' && to.protocol !== 'https:')) {
    return `redirects to another host (${to.host}), which Farmdeck does not follow: enter the final URL`;
  }
  if (res.status !== 307 && res.status !== 308) {
    return `answered ${res.status} (a redirect that turns the POST into a GET): enter the final URL`;
  }
  if (hop >= MAX_REDIRECTS) return `redirects more than ${MAX_REDIRECTS} times: check the URL`;
  return to;
}

/** Words for an HTTP status a person can act on. */
export function outcomeOfStatus(status: number, words: ChannelWords): SendOutcome {
  const said = `${words.subject} answered ${status}`;
  if (status >= 200 && status < 300)
    return { result: { ok: true, status, message: said }, retry: false };
  if (status === 404 || status === 410) return failed(status, `${said}: ${words.notFound}`, false);
  if (status === 401 || status === 403) return failed(status, `${said}: ${words.denied}`, false);
  if (status === 429) {
    return failed(status, `${said} (too many requests): it limits how often it takes alerts`, true);
  }
  if (status >= 500)
    return failed(status, `${said}: the server has a problem, try again later`, true);
  return failed(status, `${said}: the server refused the alert`, false);
}

function failed(status: number | null, message: string, retry: boolean): SendOutcome {
  return { result: { ok: false, status, message }, retry };
}

function unreachable(words: ChannelWords): string {
  return `${words.subject.replace(/^the /, '')} unreachable`;
}

/** Why no answer came, from the error's code only (an error's text could repeat the URL). */
function networkReason(err: unknown, url: URL, timeoutMs: number): string {
  const e = err as { name?: string; cause?: { code?: string; name?: string } };
  if (e.name === 'TimeoutError' || e.cause?.name === 'TimeoutError') {
    return `no answer from ${url.host} within ${duration(timeoutMs)}: check that the server is up`;
  }
  const code = e.cause?.code ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by ${url.host}: check the address and that the server is running`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host name ${url.hostname} is not known: check the address`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `${url.host} closed the connection before answering`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `${url.host} did not accept the connection in time: check the address and the network`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no route to ${url.host}: check the network`;
    default:
      if (/^(ERR_TLS|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO)/.test(code)) {
        return `the TLS certificate of ${url.host} is not trusted (${code})`;
      }
      return `could not reach ${url.host}${code ? ` (${code})` : ''}`;
  }
}

function duration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}
