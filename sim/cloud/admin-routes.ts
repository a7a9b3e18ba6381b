/**
 * Test and demo helpers of the virtual cloud under `/admin/...` (never on the real cloud):
 * read the last email code, the log and stored uploads, expire tokens, inject faults.
 */
import type { AccountStore } from './cloud-accounts.ts';
import type { CloudData } from './cloud-data.ts';
import { sendJson, str, type Route } from './http-kit.ts';
import type { CloudFault } from './virtual-cloud-api.ts';

export interface AdminDeps {
  readonly store: AccountStore;
  readonly data: CloudData;
  readonly log: readonly string[];
  readonly mqttCaPem: () => string | null;
  inject(fault: CloudFault): void;
}

const FAULTS: ReadonlySet<string> = new Set([
  'cloudflare-403',
  'cloudflare-429',
  'rate-limit',
  'server-error',
  'unavailable',
  'malformed-json',
  'empty-400',
  'hang',
]);

export function adminRoutes(deps: AdminDeps): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/admin\/codes\/([^/]+)$/,
      auth: false,
      handler: ({ params }, res) => {
        const email = decodeURIComponent(params[0] ?? '');
        const code = deps.store.lastCode(email);
        if (code === null) sendJson(res, 404, { error: `no code was sent to ${email}` });
        else sendJson(res, 200, { email, code });
      },
    },
    {
      method: 'GET',
      path: /^\/admin\/log$/,
      auth: false,
      handler: (_req, res) => sendJson(res, 200, { lines: deps.log }),
    },
    {
      method: 'GET',
      path: /^\/admin\/uploads$/,
      auth: false,
      handler: (_req, res) =>
        sendJson(res, 200, {
          uploads: [...deps.data.uploads].map(([key, bytes]) => ({ key, size: bytes.length })),
        }),
    },
    {
      method: 'GET',
      path: /^\/admin\/mqtt-ca\.pem$/,
      auth: false,
      handler: (_req, res) => {
        const pem = deps.mqttCaPem();
        if (pem === null) return sendJson(res, 404, { error: 'no MQTT broker runs' });
        res.writeHead(200, { 'content-type': 'application/x-pem-file' });
        res.end(pem);
      },
    },
    {
      method: 'POST',
      path: /^\/admin\/expire-tokens$/,
      auth: false,
      handler: ({ body }, res) => {
        const email = str(body, 'email');
        const acc = email === '' ? undefined : deps.store.byAccount(email);
        if (email !== '' && acc === undefined)
          return sendJson(res, 404, { error: 'no such account' });
        deps.store.expireTokens(acc?.uid);
        sendJson(res, 200, {});
      },
    },
    {
      method: 'POST',
      path: /^\/admin\/faults$/,
      auth: false,
      handler: ({ body }, res) => {
        const kind = str(body, 'kind');
        if (!FAULTS.has(kind)) {
          return sendJson(res, 400, { error: `kind must be one of ${[...FAULTS].join(', ')}` });
        }
        const fault: CloudFault = { kind: kind as CloudFault['kind'] };
        if (str(body, 'path') !== '') fault.path = str(body, 'path');
        if (typeof body['count'] === 'number') fault.count = body['count'];
        if (typeof body['retryAfterSec'] === 'number') fault.retryAfterSec = body['retryAfterSec'];
        deps.inject(fault);
        sendJson(res, 200, {});
      },
    },
  ];
}
