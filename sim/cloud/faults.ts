/**
 * Fault injection of the virtual cloud: Cloudflare pages, 429s, 5xx, malformed JSON, empty 400s
 * and requests that never get an answer.
 */
import type { ServerResponse } from 'node:http';
import { sendJson } from './http-kit.ts';
import type { CloudFault } from './virtual-cloud-api.ts';

const CLOUDFLARE_PAGE =
  '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head>' +
  '<body><div id="cf-wrapper">Checking your browser before accessing api.bambulab.com.' +
  '<span>Performance &amp; security by Cloudflare</span></div></body></html>';

/** Removes and returns the first pending fault for `path`, counting one use. */
export function takeFault(faults: CloudFault[], path: string): CloudFault | null {
  const idx = faults.findIndex((f) => f.path === undefined || path.startsWith(f.path));
  if (idx < 0) return null;
  const fault = faults[idx];
  if (fault === undefined) return null;
  const left = (fault.count ?? 1) - 1;
  if (left <= 0) faults.splice(idx, 1);
  else fault.count = left;
  return fault;
}

export function applyFault(fault: CloudFault, res: ServerResponse): void {
  switch (fault.kind) {
    case 'cloudflare-403':
    case 'cloudflare-429':
      res.writeHead(fault.kind === 'cloudflare-403' ? 403 : 429, {
        'content-type': 'text/html; charset=UTF-8',
        server: 'cloudflare',
      });
      res.end(CLOUDFLARE_PAGE);
      return;
    case 'rate-limit':
      sendJson(
        res,
        429,
        { code: 429, error: 'Too many requests' },
        {
          'retry-after': String(fault.retryAfterSec ?? 1),
        },
      );
      return;
    case 'server-error':
      sendJson(res, 500, { code: 500, error: 'Internal Server Error' });
      return;
    case 'unavailable':
      sendJson(res, 503, { code: 503, error: 'Service Unavailable' });
      return;
    case 'malformed-json':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"message":"success","code":null,"devices":[{"dev_id":');
      return;
    case 'empty-400':
      res.writeHead(400, { 'content-length': 0 });
      res.end();
      return;
    case 'hang':
      // Leave the request open; close() destroys the socket.
      return;
  }
}
