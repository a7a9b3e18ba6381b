import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMonitor, type MonitorIo } from '../cli/monitor.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';

// bambu-monitor says why reports were dropped, readable and with --json.

const dir = mkdtempSync(join(tmpdir(), 'farmdeck-monitor-drops-'));
const caFile = join(dir, 'ca.pem');
let printer: VirtualPrinter;

beforeAll(async () => {
  printer = await startVirtualPrinter({ model: 'P1S', reportIntervalMs: 100 });
  writeFileSync(caFile, printer.certificatePem);
});
afterAll(async () => {
  await printer?.close();
  rmSync(dir, { recursive: true, force: true });
});

function live(json: boolean) {
  const stop = new AbortController();
  const out: string[] = [];
  const err: string[] = [];
  const io: MonitorIo = {
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    env: { BAMBU_ACCESS_CODE: printer.accessCode },
    signal: stop.signal,
  };
  const args = ['--host', printer.host, '--port', String(printer.mqttPort)];
  args.push('--serial', printer.serial, '--ca', caFile, ...(json ? ['--json'] : []));
  const done = runMonitor(args, io);
  return { out, err, done, stop: () => stop.abort() };
}

describe('bambu-monitor and dropped reports', () => {
  it('prints each drop with its reason and the counts so far', async () => {
    const m = live(false);
    // Status lines (`… link online`) go to stdout too: wait for a state line (subscribed).
    await expect.poll(() => m.out.some((l) => !/ link /.test(l)), { timeout: 20_000 }).toBe(true);
    printer.inject('malformed');
    printer.inject('oversized');
    await expect
      .poll(() => m.err.join('\n'), { timeout: 20_000 })
      .toMatch(/dropped so far: 1 oversized, 1 malformed|dropped so far: 1 malformed, 1 oversized/);
    expect(m.err[0]).toMatch(/^bambu-monitor: warning: printer .* not a JSON object/);
    m.stop();
    expect(await m.done).toBe(0);
  });

  it('--json: one JSON line per drop on standard error', async () => {
    const m = live(true);
    await expect.poll(() => m.out.length, { timeout: 20_000 }).toBeGreaterThan(0);
    printer.inject('malformed');
    await expect
      .poll(() => m.err.some((l) => l.includes('"dropped"')), { timeout: 20_000 })
      .toBe(true);
    const line = JSON.parse(m.err.find((l) => l.includes('"dropped"')) ?? '{}') as {
      dropped: string;
      reportDrops: Record<string, number>;
    };
    expect(line.dropped).toBe('malformed');
    expect(line.reportDrops).toEqual({
      oversized: 0,
      malformed: 1,
      'too-many-keys': 0,
      'too-large': 0,
    });
    m.stop();
    expect(await m.done).toBe(0);
  });
});
