import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST as the receiver got it. */
export interface ReceivedAlert {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A loopback HTTP server standing in for a webhook service and an ntfy server: records every request
 * and answers each path with the status set for it (200 by default). Paths under `/hang` never answer.
 */
export interface AlertReceiver {
  readonly port: number;
  readonly origin: string;
  readonly received: ReceivedAlert[];
  /** Answers `path` with `status` from now on. */
  answer(path: string, status: number, headers?: Record<string, string>): void;
  /** Resolves with the first request (past or future) that matches. */
  waitFor(match: (r: ReceivedAlert) => boolean): Promise<ReceivedAlert>;
  close(): Promise<void>;
}

export async function startAlertReceiver(): Promise<AlertReceiver> {
  const received: ReceivedAlert[] = [];
  const statuses = new Map<string, { status: number; headers: Record<string, string> }>();
  const waiters: { match: (r: ReceivedAlert) => boolean; resolve: (r: ReceivedAlert) => void }[] =
    [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const alert: ReceivedAlert = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(alert);
      for (const w of [...waiters]) {
        if (w.match(alert)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(alert);
        }
      }
      if (alert.path.startsWith('/hang')) {
        hanging.add(res);
        return;
      }
      const answer = statuses.get(alert.path) ?? { status: 200, headers: {} };
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    received,
    answer: (path, status, headers = {}) => statuses.set(path, { status, headers }),
    waitFor: (match) => {
      const seen = received.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
