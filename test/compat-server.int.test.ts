import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCompatConfig } from '../servers/compat/compat-config.ts';
import { startCompatServer, type CompatServer } from '../servers/compat/compat-server.ts';
import { startVirtualCloud } from '../sim/cloud/virtual-cloud.ts';
import type { VirtualCloud } from '../sim/cloud/virtual-cloud-api.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';

// The compatibility server against three virtual printers: two on the LAN (one verified with
// its certificate, one `insecure`) and one reached through the virtual cloud's MQTT broker.

const UID = 1_234_567_890;
const EMAIL = 'ha@example.com';
const HA_TEMPLATE = '{{ value_json.print.mc_percent }}';

let dir: string;
let p1s: VirtualPrinter;
let x1c: VirtualPrinter;
let a1: VirtualPrinter;
let cloud: VirtualCloud;
let server: CompatServer;
let token: string;
const logLines: string[] = [];
const bodies: string[] = [];

async function get(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: string; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(server.url + path, init);
  const body = await res.text();
  bodies.push(body);
  return {
    status: res.status,
    body,
    headers: res.headers,
    json: JSON.parse(body) as Record<string, unknown>,
  };
}

/** Polls until `check` passes (or the test's timeout ends it). */
async function eventually<T>(
  fn: () => Promise<T>,
  check: (v: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (check(v)) return v;
    if (Date.now() > end)
      throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(v).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'compat-'));
  p1s = await startVirtualPrinter({
    model: 'P1S',
    accessCode: 'p1sC0de7',
    reportIntervalMs: 100,
    timeScale: 600,
  });
  x1c = await startVirtualPrinter({ model: 'X1C', accessCode: 'x1cC0de8', reportIntervalMs: 100 });
  a1 = await startVirtualPrinter({ model: 'A1', accessCode: 'a1cC0de9', reportIntervalMs: 100 });
  cloud = await startVirtualCloud({
    accounts: [
      {
        email: EMAIL,
        password: 'pw-not-used',
        uid: UID,
        devices: [
          { serial: a1.serial, accessCode: a1.accessCode, mqttPort: a1.mqttPort, product: 'A1' },
        ],
      },
    ],
  });
  token = cloud.issueToken(EMAIL);
  await writeFile(join(dir, 'p1s.pem'), p1s.certificatePem);
  await writeFile(join(dir, 'cloud.pem'), cloud.mqttCaPem ?? '');
  const config = {
    devices: [
      {
        serial: p1s.serial,
        access_code: p1s.accessCode,
        name: 'Left P1S',
        host: '127.0.0.1',
        port: p1s.mqttPort,
        ca_file: 'p1s.pem',
      },
      {
        serial: x1c.serial,
        access_code: x1c.accessCode,
        name: 'X1C',
        host: '127.0.0.1',
        port: x1c.mqttPort,
        insecure: true,
      },
      { serial: a1.serial, access_code: a1.accessCode, name: 'Cloud A1' },
    ],
    username: `u_${UID}`,
    auth_token: token,
    cloud_mqtt_url: cloud.mqttUrl,
    cloud_ca_file: 'cloud.pem',
  };
  await writeFile(join(dir, 'compatibility_config.json'), JSON.stringify(config));
  server = await startCompatServer({
    config: await loadCompatConfig(join(dir, 'compatibility_config.json')),
    port: 0,
    log: (line) => logLines.push(line),
    link: { reconnect: { initialMs: 100, maxMs: 500 }, silenceTimeoutMs: 1500 },
  });
  await eventually(
    () => get('/health'),
    (r) => (r.json['devices'] as { online: number }).online === 3,
  );
});

afterAll(async () => {
  await server?.close();
  await cloud?.close();
  await Promise.all([p1s?.close(), x1c?.close(), a1?.close()]);
  await rm(dir, { recursive: true, force: true });
});

describe('compatibility server', () => {
  it('binds to loopback and answers / and /api/version', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const info = await get('/');
    expect(info.status).toBe(200);
    expect(info.headers.get('content-type')).toMatch(/^application\/json/);
    expect(info.json['devices']).toBe(3);
    expect(info.json['endpoints']).toMatchObject({ status: '/api/v1/status?device_id=SERIAL' });
    const version = await get('/api/version');
    expect(version.status).toBe(200);
    expect(version.json).toMatchObject({
      api: '1.0',
      text: expect.stringContaining('Farmdeck') as unknown,
    });
  });

  it('lists every printer with its connection, model and freshness', async () => {
    const r = await get('/api/v1/devices');
    expect(r.status).toBe(200);
    expect(r.json['count']).toBe(3);
    const devices = r.json['devices'] as Record<string, unknown>[];
    const bySerial = new Map(devices.map((d) => [d['device_id'], d]));
    expect(bySerial.get(p1s.serial)).toMatchObject({
      name: 'Left P1S',
      connection: 'lan',
      online: true,
      model: 'P1S',
    });
    expect(bySerial.get(x1c.serial)).toMatchObject({
      connection: 'lan',
      online: true,
      model: 'X1C',
    });
    expect(bySerial.get(a1.serial)).toMatchObject({
      name: 'Cloud A1',
      connection: 'cloud',
      online: true,
    });
    for (const d of devices) {
      expect(typeof d['age_seconds']).toBe('number');
      expect(Date.parse(String(d['updated_at']))).toBeGreaterThan(Date.now() - 60_000);
    }
  });

  it('serves the full legacy print object per printer, LAN and cloud', async () => {
    for (const p of [p1s, x1c, a1]) {
      const r = await get(`/api/v1/status?device_id=${p.serial}`);
      expect(r.status).toBe(200);
      const print = r.json['print'] as Record<string, unknown>;
      expect(typeof print['gcode_state']).toBe('string');
      expect(typeof print['mc_percent']).toBe('number');
      expect(typeof print['nozzle_temper']).toBe('number');
      expect(r.json).toMatchObject({ device_id: p.serial, online: true, stale: false });
      expect(r.json['age_seconds'] as number).toBeLessThan(30);
    }
    // Lower-case serials are accepted too (users copy them from many places).
    expect((await get(`/api/v1/status?device_id=${x1c.serial.toLowerCase()}`)).status).toBe(200);
  });

  it("gives the value Home Assistant's template expects, on a real response", async () => {
    p1s.startJob({ file: 'benchy.gcode.3mf', totalLayers: 200, minutes: 60 });
    const r = await eventually(
      () => get(`/api/v1/status?device_id=${p1s.serial}`),
      (x) => {
        const print = x.json['print'] as Record<string, unknown> | undefined;
        return print?.['gcode_state'] === 'RUNNING' && Number(print['mc_percent']) > 0;
      },
    );
    const rendered = renderValueTemplate(HA_TEMPLATE, r.body);
    expect(rendered).toMatch(/^\d{1,3}$/);
    expect(Number(rendered)).toBe((r.json['print'] as Record<string, unknown>)['mc_percent']);
    expect(Number(rendered)).toBeGreaterThan(0);
    expect(Number(rendered)).toBeLessThanOrEqual(100);
    // The job summary agrees with the raw object.
    const job = await get(`/api/v1/print?device_id=${p1s.serial}`);
    expect(job.status).toBe(200);
    expect(job.json).toMatchObject({
      device_id: p1s.serial,
      gcode_state: 'RUNNING',
      state: 'printing',
    });
    expect(job.json['progress'] as number).toBeGreaterThan(0);
    expect(job.json['total_layers']).toBe(200);
    expect(job.json['temperatures']).toMatchObject({
      nozzle: expect.any(Number) as unknown,
      bed: expect.any(Number) as unknown,
    });
  });

  it('answers unknown printers, paths and methods with JSON errors', async () => {
    const unknown = await get('/api/v1/status?device_id=01P00A999999999');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error: 'unknown-device', device_id: '01P00A999999999' });
    expect(String(unknown.json['message'])).toContain('/api/v1/devices');
    const missing = await get('/api/v1/status');
    expect(missing.status).toBe(400);
    expect(missing.json['error']).toBe('missing-device-id');
    const path = await get('/api/v2/nothing');
    expect(path.status).toBe(404);
    expect(path.json['error']).toBe('not-found');
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const r = await get(`/api/v1/status?device_id=${p1s.serial}`, {
        method,
        body: method === 'DELETE' ? null : '{}',
      });
      expect(r.status).toBe(405);
      expect(r.headers.get('allow')).toBe('GET, HEAD');
      expect(r.json['error']).toBe('method-not-allowed');
    }
  });

  it('survives malformed HTTP and keeps serving', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () =>
        socket.write('GARBAGE \x00\x01 nonsense\r\n\r\n'),
      );
      let data = '';
      socket.setEncoding('utf8').on('data', (d: string) => (data += d));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await get('/health')).status).toBe(200);
  });

  it('never shows access codes or the cloud token', async () => {
    await get('/api/v1/devices');
    const secrets = [p1s.accessCode, x1c.accessCode, a1.accessCode, token];
    for (const body of bodies) for (const s of secrets) expect(body).not.toContain(s);
    for (const line of logLines) for (const s of secrets) expect(line).not.toContain(s);
  });

  it('flags a silent printer as offline and stale, and recovers', async () => {
    x1c.inject('silent');
    const stale = await eventually(
      () => get(`/api/v1/status?device_id=${x1c.serial}`),
      (r) => r.json['online'] === false,
    );
    expect(stale.status).toBe(200);
    expect(stale.json['stale']).toBe(true);
    expect((await get('/health')).json['status']).toBe('degraded');
    x1c.heal();
    await eventually(
      () => get(`/api/v1/status?device_id=${x1c.serial}`),
      (r) => r.json['online'] === true && r.json['stale'] === false,
    );
  });
});

describe('the Home Assistant template evaluator of this test', () => {
  it('reads paths as Jinja renders them', () => {
    const body = '{"print":{"mc_percent":42,"ams":{"ams":[{"id":"0"}]},"x":null,"ok":true}}';
    expect(renderValueTemplate(HA_TEMPLATE, body)).toBe('42');
    expect(renderValueTemplate("{{ value_json['print'].ams.ams[0].id }}", body)).toBe('0');
    expect(renderValueTemplate('{{ value_json.print.x }}/{{ value_json.print.ok }}', body)).toBe(
      'None/True',
    );
    expect(renderValueTemplate('{{ value_json.print.missing }}', body)).toBe('');
  });
});

describe('compatibility server before any data', () => {
  it('answers 503 with Retry-After while a printer has not reported', async () => {
    const d = await mkdtemp(join(tmpdir(), 'compat-down-'));
    try {
      // Nothing listens on port 1 on loopback: the link keeps retrying.
      const configPath = join(d, 'c.json');
      await writeFile(
        configPath,
        JSON.stringify({
          devices: [
            {
              serial: '01P00A000000042',
              access_code: '87654321',
              host: '127.0.0.1',
              port: 1,
              insecure: true,
            },
          ],
        }),
      );
      const down = await startCompatServer({
        config: await loadCompatConfig(configPath),
        port: 0,
        link: { reconnect: { initialMs: 100, maxMs: 200 } },
      });
      try {
        const res = await fetch(`${down.url}/api/v1/status`);
        const body = (await res.json()) as Record<string, unknown>;
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('5');
        expect(body).toMatchObject({ error: 'no-data-yet', device_id: '01P00A000000042' });
        expect(JSON.stringify(body)).not.toContain('87654321');
        const health = (await (await fetch(`${down.url}/health`)).json()) as Record<
          string,
          unknown
        >;
        expect(health).toMatchObject({ status: 'degraded', devices: { total: 1, online: 0 } });
      } finally {
        await down.close();
      }
    } finally {
      await rm(d, { recursive: true, force: true });
    }
  });
});

/**
 * The part of Home Assistant's Jinja a REST sensor's `value_template` usually needs:
 * `{{ value_json.a.b }}`, `{{ value_json['a'][0] }}`, rendered as Jinja does (numbers and
 * strings as text, None for null, True/False). Enough to check that a real response body gives
 * the value a user's configuration expects.
 */
function renderValueTemplate(template: string, body: string): string {
  const valueJson: unknown = JSON.parse(body);
  return template.replace(/\{\{\s*(.*?)\s*\}\}/g, (_m, expr: string) =>
    jinjaText(evaluatePath(expr, valueJson)),
  );
}

function evaluatePath(expr: string, root: unknown): unknown {
  const head = /^value_json/.exec(expr);
  if (head === null) throw new Error(`unsupported template expression: ${expr}`);
  let rest = expr.slice(head[0].length);
  let value: unknown = root;
  const step = /^(?:\.([A-Za-z_]\w*)|\[\s*(\d+)\s*\]|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\])/;
  while (rest.length > 0) {
    const m = step.exec(rest);
    if (m === null) throw new Error(`unsupported template expression: ${expr}`);
    const key = m[1] ?? m[3] ?? m[4];
    if (key !== undefined) {
      value =
        typeof value === 'object' && value !== null && !Array.isArray(value)
          ? (value as Record<string, unknown>)[key]
          : undefined;
    } else {
      const index = Number(m[2]);
      value = Array.isArray(value) ? (value as unknown[])[index] : undefined;
    }
    rest = rest.slice(m[0].length);
  }
  return value;
}

/** Jinja's text for a value (undefined renders empty, as with HA's default undefined). */
function jinjaText(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  return JSON.stringify(value);
}
