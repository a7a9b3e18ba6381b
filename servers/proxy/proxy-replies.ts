/**
 * Turning an upstream answer into the proxy's answer: JSON and text bodies are masked (tokens,
 * access codes, addresses, signed URLs), other bodies pass unchanged.
 */
import type { ServerResponse } from 'node:http';
import { maskJson, maskText } from '../common/masking.ts';
import type { UpstreamResponse } from './upstream.ts';

/** Sends the upstream answer to the caller, masked, with the extra headers (rate limits). */
export function sendUpstream(
  res: ServerResponse,
  up: UpstreamResponse,
  secrets: readonly string[],
  headers: Record<string, string>,
): void {
  const base: Record<string, string> = {
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  };
  const noBody = up.status === 204 || up.status === 304 || up.body.length === 0;
  if (noBody) {
    res.writeHead(up.status, { ...base, 'content-length': '0' });
    res.end();
    return;
  }
  const type = up.contentType ?? 'application/octet-stream';
  let body: Buffer = up.body;
  let outType = type;
  const text = up.body.toString('utf8');
  if (/json/i.test(type) || (/^text\/plain/i.test(type) && /^\s*[[{]/.test(text))) {
    try {
      body = Buffer.from(JSON.stringify(maskJson(JSON.parse(text), secrets)) + '\n');
      outType = 'application/json; charset=utf-8';
    } catch {
      body = Buffer.from(maskText(text, secrets));
    }
  } else if (/^text\/|html|xml/i.test(type)) {
    body = Buffer.from(maskText(text, secrets));
  }
  res.writeHead(up.status, {
    ...base,
    'content-type': outType,
    'content-length': String(body.length),
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
