/**
 * The virtual Bambu cloud: REST on plain HTTP (loopback), the website's TOTP routes on the same
 * origin, a fake S3 for presigned uploads, admin routes for tests, and a TLS MQTT broker relaying
 * the bound virtual printers. Grounded on cloud-rest.md and the captured shapes in fixtures/cloud.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminRoutes } from './admin-routes.ts';
import { authRoutes } from './auth-routes.ts';
import { AccountStore } from './cloud-accounts.ts';
import { startCloudBroker, type CloudBroker } from './cloud-broker.ts';
import { CloudData } from './cloud-data.ts';
import { applyFault, takeFault } from './faults.ts';
import { parseBody, readBody, sendJson, sendLoginAgain, type Req, type Route } from './http-kit.ts';
import { iotRoutes } from './iot-routes.ts';
import { PrinterRelay } from './printer-relay.ts';
import { handleS3Put } from './s3.ts';
import { userRoutes } from './user-routes.ts';
import type { CloudFault, VirtualCloud, VirtualCloudOptions } from './virtual-cloud-api.ts';

export async function startVirtualCloud(options: VirtualCloudOptions): Promise<VirtualCloud> {
  const host = options.host ?? '127.0.0.1';
  const logLines: string[] = [];
  const log = (line: string) => {
    logLines.push(line);
    options.log?.(line);
  };
  const store = new AccountStore(
    options.accounts,
    options.tokenTtlSec ?? 7_776_000,
    options.codeTtlSec ?? 300,
  );
  const faults: CloudFault[] = [];
  let routes: Route[] = [];
  const data = new CloudData();

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`internal error on ${req.method ?? '?'} ${req.url ?? '?'}: ${String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { code: 500, error: 'Internal Server Error' });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const raw = await readBody(req);
    const method = req.method ?? 'GET';
    if (!url.pathname.startsWith('/admin/')) {
      const fault = takeFault(faults, url.pathname);
      if (fault !== null) return applyFault(fault, res);
    }
    if (url.pathname.startsWith('/s3/') && method === 'PUT') {
      return handleS3Put(data, url, req.headers, raw, res, log);
    }
    const matching = routes.filter((r) => r.path.test(url.pathname));
    const route = matching.find((r) => r.method === method);
    if (route === undefined) {
      if (matching.length > 0)
        return sendJson(res, 405, { code: 405, error: 'Method Not Allowed' });
      return sendJson(res, 404, { code: 404, error: 'Not Found' });
    }
    let account = null;
    if (route.auth !== false) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      account = store.accountOfToken(bearer);
      if (account === null) return sendLoginAgain(res);
      const wait = store.rateCheck(`token:${bearer}`, options.requestsPerMinute ?? 600);
      if (wait > 0) {
        return sendJson(
          res,
          429,
          { code: 429, error: 'Too many requests' },
          { 'retry-after': String(wait) },
        );
      }
    }
    const request: Req = {
      method,
      url,
      headers: req.headers,
      raw,
      body: parseBody(raw),
      params: (route.path.exec(url.pathname) ?? []).slice(1),
      // Unauthenticated routes never read `account`.
      account: account ?? (undefined as never),
    };
    await route.handler(request, res);
  }

  server.listen(options.httpPort ?? 0, host);
  await once(server, 'listening');
  const apiUrl = `http://${host}:${(server.address() as AddressInfo).port}`;
  data.baseUrl = apiUrl;
  const cloudData = data;

  const devices = store.accounts.flatMap((a) => a.devices);
  let broker: CloudBroker | null = null;
  let relay: PrinterRelay | null = null;
  if (options.mqttPort !== false) {
    broker = await startCloudBroker({
      host,
      port: options.mqttPort ?? 0,
      store,
      log,
      onCommand: (serial, payload) => {
        if (relay?.forward(serial, payload) !== true)
          log(`mqtt: ${serial} is offline, command dropped`);
      },
    });
    const b = broker;
    relay = new PrinterRelay(devices, {
      onReport: (serial, payload) => b.publishReport(serial, payload),
      onConnection: (serial, up) => {
        log(`printer ${serial} ${up ? 'connected' : 'disconnected'}`);
        b.publishConnection(serial, up);
      },
    });
  }
  const offline = {
    online: false,
    gcodeState: null,
    progress: null,
    jobName: null,
    remainingMinutes: null,
  };

  routes = [
    ...authRoutes({
      store,
      loginsPerMinute: options.loginsPerMinute ?? 10,
      officialTfaOnly: options.officialTfaOnly ?? false,
      log,
    }),
    ...userRoutes(cloudData),
    ...iotRoutes({
      data: cloudData,
      dataEnvelope: options.dataEnvelope ?? false,
      status: (serial) => relay?.status(serial) ?? offline,
    }),
    ...adminRoutes({
      store,
      data: cloudData,
      log: logLines,
      mqttCaPem: () => broker?.certificatePem ?? null,
      inject: (f) => faults.push({ ...f }),
    }),
  ];
  log(
    `virtual cloud listening on ${apiUrl}${broker === null ? '' : `, MQTT on mqtts://${host}:${broker.port}`}`,
  );

  return {
    apiUrl,
    mqttUrl: broker === null ? null : `mqtts://${host}:${broker.port}`,
    mqttCaPem: broker?.certificatePem ?? null,
    log: logLines,
    uploads: cloudData.uploads,
    lastCode: (email) => store.lastCode(email),
    issueToken(email, ttlSec) {
      const acc = store.byAccount(email);
      if (acc === undefined) throw new Error(`no account ${email}`);
      return store.issueToken(acc, ttlSec);
    },
    expireTokens(email) {
      store.expireTokens(email === undefined ? undefined : (store.byAccount(email)?.uid ?? -1));
    },
    expireCode: (email: string) => store.expireCode(email),
    inject: (fault) => faults.push({ ...fault }),
    onlineSerials: () => relay?.onlineSerials() ?? [],
    async close() {
      await relay?.close();
      await broker?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  } satisfies VirtualCloud;
}
