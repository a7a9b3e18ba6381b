import { describe, expect, it } from 'vitest';
import { connectTestClient, printOf } from '../sim/test-support/mqtt-test-client.ts';
import { usePrinterPool } from '../sim/test-support/printer-pool.ts';

const pool = usePrinterPool();
const start = (o: Parameters<typeof pool.start>[0]) => pool.start(o);
const connect = (p: Parameters<typeof pool.connect>[0]) => pool.connect(p);

describe('virtual printer: connection', () => {
  it('accepts bblp + access code over verified TLS (CA = its certificate, servername = serial)', async () => {
    const p = await start({ model: 'P1S' });
    expect(p.serial).toMatch(/^01P[0-9A-F]{12}$/);
    expect(p.accessCode).toMatch(/^\d{8}$/);
    expect(p.certificatePem).toContain('BEGIN CERTIFICATE');
    const c = await connect(p);
    expect(c.client.connected).toBe(true);
  });

  it('refuses a wrong access code at CONNACK with 5 (not authorized)', async () => {
    const p = await start({ model: 'X1C', accessCode: '12345678' });
    const err = await connectTestClient(p, { password: '87654321' }).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: number },
    );
    expect(err).toBeDefined();
    expect(err?.code).toBe(5);
  });
});

describe('virtual printer: reports', () => {
  it('answers pushall with a full, 4-space-indented report carrying its serial', async () => {
    const p = await start({ model: 'P1S', reportIntervalMs: 5000 });
    const c = await connect(p);
    await c.request({ pushing: { sequence_id: '1', command: 'pushall' } });
    const raw = await c.waitForRaw((b) => b.includes('"msg": 0'), 'a full report');
    const text = raw.toString('utf8');
    expect(text.startsWith('{\n    "print": {\n        ')).toBe(true);
    const print = printOf(JSON.parse(text) as Record<string, unknown>)!;
    expect(print['command']).toBe('push_status');
    expect(print['gcode_state']).toBe('IDLE');
    expect(print['stg_cur']).toBe(255);
    expect(print).toHaveProperty('ams');
    expect(print).toHaveProperty('nozzle_temper');
  });

  it('answers get_version with the module list, ota sn = serial', async () => {
    const p = await start({ model: 'X1C' });
    const c = await connect(p);
    await c.request({ info: { sequence_id: '7', command: 'get_version' } });
    const m = await c.waitFor((m) => !!m['info'], 'get_version reply');
    const info = m['info'] as Record<string, unknown>;
    expect(info['sequence_id']).toBe('7');
    expect(info['result']).toBe('success');
    const modules = info['module'] as Record<string, unknown>[];
    const ota = modules.find((x) => x['name'] === 'ota')!;
    expect(ota['product_name']).toBe('Bambu Lab X1-Carbon');
    expect(ota['sn']).toBe(p.serial);
  });
});
