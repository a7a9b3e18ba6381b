import { describe, expect, it } from 'vitest';
import { connectTestClient, printOf } from '../sim/test-support/mqtt-test-client.ts';
import { usePrinterPool } from '../sim/test-support/printer-pool.ts';

const pool = usePrinterPool();
type Json = Record<string, unknown>;
const SIGNING = 1n << 29n;
const funOf = (m: Json) => {
  const fun = printOf(m)?.['fun'];
  return BigInt(`0x${typeof fun === 'string' ? fun : '0'}`);
};

describe('virtual printer: authorization firmware', () => {
  it('requireSignature: fun bit 29, control refused (verify failed, 84033543, HMS 0500_0500_0001_0007)', async () => {
    const p = await pool.start({ model: 'P1S', requireSignature: true });
    const c = await pool.connect(p);
    await c.request({
      pushing: { sequence_id: '1', command: 'pushall' },
      info: { sequence_id: '2', command: 'get_version' },
    });
    const full = await c.waitFor((m) => printOf(m)?.['msg'] === 0, 'pushall answer');
    expect(funOf(full) & SIGNING).toBe(SIGNING);
    expect(((await c.waitFor((m) => !!m['info'], 'version'))['info'] as Json)['result']).toBe(
      'success',
    );

    await c.request({ print: { sequence_id: '9', command: 'pause', param: '' } });
    const r = printOf(await c.waitFor((m) => printOf(m)?.['command'] === 'pause', 'pause reply'))!;
    expect(r).toMatchObject({
      sequence_id: '9',
      result: 'failed',
      reason: 'mqtt message verify failed',
      err_code: 84033543,
    });
    await c.waitFor(
      (m) =>
        JSON.stringify(printOf(m)?.['hms'] ?? []) ===
        JSON.stringify([{ attr: 0x05000500, code: 0x00010007 }]),
      'HMS 0500_0500_0001_0007',
    );

    p.setRequireSignature(false);
    const since = c.messages.length;
    await c.request({ pushing: { sequence_id: '3', command: 'pushall' } });
    const dev = await c.waitFor((m) => printOf(m)?.['msg'] === 0, 'pushall in Developer Mode', {
      since,
    });
    expect(funOf(dev) & SIGNING).toBe(0n);
    expect(printOf(dev)!['hms']).toEqual([]);
    await c.request({ print: { sequence_id: '10', command: 'print_speed', param: '3' } });
    const ok = await c.waitFor((m) => printOf(m)?.['sequence_id'] === '10', 'print_speed reply');
    expect(printOf(ok)!['result']).toBe('success');
  });
});

describe('virtual printer: faults', () => {
  it("'drop' closes every client socket", async () => {
    const p = await pool.start({ model: 'X1C' });
    const [a, b] = [await pool.connect(p), await pool.connect(p)];
    const closeOf = (c: typeof a) => new Promise<void>((r) => c.client.once('close', () => r()));
    const closed = Promise.all([closeOf(a), closeOf(b)]);
    p.inject('drop');
    await closed;
    expect(a.client.connected).toBe(false);
    const again = await pool.connect(p);
    expect(again.client.connected).toBe(true);
  });

  it("'silent' sends nothing (no pushes, no replies) until heal()", async () => {
    // Periodic pushes are out of the way, so every message here answers something done below.
    const p = await pool.start({ model: 'X1C', reportIntervalMs: 60_000 });
    const c = await pool.connect(p);
    await c.request({ pushing: { sequence_id: '1', command: 'pushall' } });
    await c.waitFor((m) => printOf(m)?.['msg'] === 0, 'pushall answer');
    p.inject('silent');
    const before = c.raw.length;
    await c.request({ info: { sequence_id: '5', command: 'get_version' } });
    await c.request({ pushing: { sequence_id: '6', command: 'pushall' } });
    p.setHms([{ code: '0300_0100_0001_0007' }]);
    await new Promise((r) => setTimeout(r, 500));
    expect(c.raw.length).toBe(before);
    expect(c.client.connected).toBe(true);
    p.heal();
    await c.request({ info: { sequence_id: '7', command: 'get_version' } });
    const reply = await c.waitFor((m) => !!m['info'], 'a reply after heal', { since: before });
    expect((reply['info'] as Json)['sequence_id']).toBe('7');
  });

  it('a P1S delta after heal() carries what changed while silent', async () => {
    const p = await pool.start({ model: 'P1S', reportIntervalMs: 50, idleReportIntervalMs: 50 });
    const c = await pool.connect(p);
    await c.waitFor(() => c.messages.length > 0, 'a first push');
    p.inject('silent');
    p.setHms([{ code: '0300_0100_0001_0007' }]);
    await new Promise((r) => setTimeout(r, 200));
    const since = c.messages.length;
    p.heal();
    const m = await c.waitFor(
      (m) => printOf(m)?.['msg'] === 1 && Array.isArray(printOf(m)?.['hms']),
      'a delta with the HMS set while silent',
      { since },
    );
    expect(printOf(m)!['hms']).toEqual([{ attr: 0x03000100, code: 0x00010007 }]);
  });

  it("'malformed' sends one report that is not JSON; 'oversized' one larger than 4 MB", async () => {
    const p = await pool.start({ model: 'P1S', reportIntervalMs: 5000 });
    const c = await pool.connect(p);
    p.inject('malformed');
    const bad = await c.waitForRaw((b) => {
      try {
        JSON.parse(b.toString('utf8'));
        return false;
      } catch {
        return true;
      }
    }, 'an invalid JSON report');
    expect(bad.length).toBeGreaterThan(0);
    p.inject('oversized');
    const big = await c.waitForRaw((b) => b.length > 4 * 1024 * 1024, 'a report over 4 MB', {
      timeoutMs: 25_000,
    });
    expect(big.length).toBeGreaterThan(4 * 1024 * 1024);
  });
});

describe('virtual printer: sessions and topics', () => {
  it('A1 accepts one session and refuses the next at CONNACK 3; the limit can be raised', async () => {
    const a1 = await pool.start({ model: 'A1' });
    await pool.connect(a1);
    const err = await connectTestClient(a1).then(
      () => undefined,
      (e: unknown) => e as { code?: number },
    );
    expect(err?.code).toBe(3);
    const roomy = await pool.start({ model: 'A1', maxSessions: 2 });
    await pool.connect(roomy);
    expect((await pool.connect(roomy)).client.connected).toBe(true);
  });

  it('frees the session slot when a client leaves', async () => {
    const p = await pool.start({ model: 'A1 mini' });
    const first = await connectTestClient(p);
    await first.end();
    // The printer notices the closed socket a moment after the client does: retry briefly.
    for (let attempt = 1; ; attempt++) {
      try {
        const second = await pool.connect(p);
        expect(second.client.connected).toBe(true);
        return;
      } catch (e) {
        if (attempt >= 50) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });

  it('refuses subscriptions to another serial (SUBACK 0x80) and closes on publishes to it', async () => {
    const p = await pool.start({ model: 'P1P' });
    const c = await pool.connect(p);
    await expect(c.client.subscribeAsync('device/01S000000000000/report')).rejects.toThrow(
      /subscribe error/i,
    );
    await expect(c.client.subscribeAsync(`device/${p.serial}/report`)).resolves.toBeDefined();
    const closed = new Promise<void>((r) => c.client.once('close', () => r()));
    c.client.publish('device/01S000000000000/request', '{}', { qos: 0 });
    await closed;
    expect(p.received).toEqual([]);
  });
});
