import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrinterState } from '../shared/printer-state.ts';
import type { VirtualPrinter } from '../sim/virtual-printer-api.ts';
import { startVirtualPrinter } from '../sim/virtual-printer.ts';
import { CliProcess, assertBuilt, runCli } from './support/cli-process.ts';
import { freePort } from './support/free-port.ts';

const BIN = 'bin/bambu-monitor.js';

describe('bambu-monitor against a virtual printer', () => {
  let printer: VirtualPrinter;
  let other: VirtualPrinter;
  let dir: string;
  let caFile: string;
  let otherCaFile: string;
  const lan = (p = printer) => ['--host', p.host, '--port', String(p.mqttPort)];

  beforeAll(async () => {
    assertBuilt('dist/cli/bambu-monitor.js');
    printer = await startVirtualPrinter({ model: 'X1C', reportIntervalMs: 200 });
    other = await startVirtualPrinter({ model: 'P1S', reportIntervalMs: 200 });
    dir = mkdtempSync(join(tmpdir(), 'farmdeck-monitor-'));
    caFile = join(dir, 'printer.pem');
    writeFileSync(caFile, printer.certificatePem);
    otherCaFile = join(dir, 'other.pem');
    writeFileSync(otherCaFile, other.certificatePem);
  });

  afterAll(async () => {
    await printer?.close();
    await other?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('--insecure --json --once prints one JSON PrinterState and exits 0', async () => {
    const args = [...lan(), '--serial', printer.serial, '--access-code', printer.accessCode];
    const r = await runCli(BIN, [...args, '--insecure', '--json', '--once']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const state = JSON.parse(lines[0] ?? '') as PrinterState;
    expect(state.serial).toBe(printer.serial);
    expect(state.model).toBe('X1C');
    expect(state.online).toBe(true);
    expect(state.nozzles.length).toBeGreaterThan(0);
    expect(typeof state.updatedAt).toBe('number');
  });

  it('--ca trusts the printer certificate; the access code can come from BAMBU_ACCESS_CODE', async () => {
    const r = await runCli(
      BIN,
      [...lan(), '--serial', printer.serial, '--ca', caFile, '--once', '--json'],
      { BAMBU_ACCESS_CODE: printer.accessCode },
    );
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as PrinterState).serial).toBe(printer.serial);
  });

  it('--once without --json prints one readable line', async () => {
    const args = [...lan(), '--serial', printer.serial, '--ca', caFile, '--once'];
    const r = await runCli(BIN, args, { BAMBU_ACCESS_CODE: printer.accessCode });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/^\d\d:\d\d:\d\d X1C \w+.* \| nozzle .*°C bed .*°C/);
  });

  it('refuses a certificate signed by another CA (exit 5) and names --ca / --insecure', async () => {
    const args = [...lan(), '--serial', printer.serial, '--ca', otherCaFile, '--once'];
    const r = await runCli(BIN, args, { BAMBU_ACCESS_CODE: printer.accessCode });
    expect(r.code, r.stdout + r.stderr).toBe(5);
    expect(r.stderr).toMatch(/certificate/i);
    expect(r.stderr).toContain('--ca');
    expect(r.stdout).toBe('');
  });

  it("by default trusts only Bambu's CA, so the simulator's self-signed certificate is refused", async () => {
    const args = [...lan(), '--serial', printer.serial, '--once'];
    const r = await runCli(BIN, args, { BAMBU_ACCESS_CODE: printer.accessCode });
    expect(r.code, r.stderr).toBe(5);
  });

  it('wrong access code: exit 3, a message about the access code, and no code in the output', async () => {
    const wrong = printer.accessCode === '31415926' ? '27182818' : '31415926';
    const args = [...lan(), '--serial', printer.serial, '--access-code', wrong, '--insecure'];
    const r = await runCli(BIN, [...args, '--once']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/access code/i);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    for (const out of [r.stdout, r.stderr]) {
      expect(out).not.toContain(wrong);
      expect(out).not.toContain(printer.accessCode);
    }
  });

  it('wrong access code in live mode also stops with exit 3 instead of retrying forever', async () => {
    const args = [...lan(), '--serial', printer.serial, '--insecure'];
    const r = await runCli(BIN, args, { BAMBU_ACCESS_CODE: 'not-the-code' });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout + r.stderr).not.toContain('not-the-code');
  });

  it('unreachable port: exit 4 with a one-line message', async () => {
    const port = await freePort();
    const args = ['--host', '127.0.0.1', '--port', String(port), '--serial', printer.serial];
    const r = await runCli(BIN, [...args, '--insecure', '--once'], {
      BAMBU_ACCESS_CODE: '12345678',
    });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/^bambu-monitor: .*(reach|refused|connect)/i);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('cloud mode with --mqtt-url: an unreachable endpoint gives exit 4 and hides the token', async () => {
    const port = await freePort();
    const token = 'tok-secret-abcdef';
    const args = ['1234567', token, printer.serial, '--mqtt-url', `mqtts://127.0.0.1:${port}`];
    const r = await runCli(BIN, [...args, '--insecure', '--once']);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stdout + r.stderr).not.toContain(token);
  });

  it.each([
    [['--bogus'], /unknown option --bogus/],
    [[], /say which printer/],
    [['--host', '10.0.0.9', '--access-code', 'x1'], /missing --serial/],
    [['--host', '10.0.0.9', '--serial', 'S1', '--access-code', 'x1', '--port', 'abc'], /--port/],
    [['--host', '10.0.0.9', '--serial', 'S1'], /missing access code/],
    [['1234', 'TOKEN', 'S1', '--region', 'mars'], /--region/],
    [['1234', 'TOKEN', 'S1', '--mqtt-url', 'http://x:1'], /--mqtt-url/],
    [
      ['--host', 'h', '--serial', 'S1', '--access-code', 'c', '--timeout', '0', '--once'],
      /timeout/,
    ],
    [['--host', 'h', '--serial', 'S1', '--access-code', 'c', '--ca', '/nonexistent.pem'], /--ca/],
  ])('bad flags %j: exit 2, message and usage', async (args, message) => {
    const r = await runCli(BIN, args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Usage: bambu-monitor');
    expect(r.stdout).toBe('');
  });

  it('--help prints usage and the exit codes to stdout, exit 0', async () => {
    const r = await runCli(BIN, ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: bambu-monitor');
    expect(r.stdout).toMatch(/Exit codes:[\s\S]*3 +credentials refused/);
  });

  it('live mode prints readable lines until Ctrl-C, then closes cleanly (exit 0)', async () => {
    const job = await startVirtualPrinter({ model: 'X1C', reportIntervalMs: 200, timeScale: 600 });
    const caOfJob = join(dir, 'job-ca.pem');
    writeFileSync(caOfJob, job.certificatePem);
    job.startJob({ file: 'cube.gcode.3mf', minutes: 30, totalLayers: 100 });
    const args = [...lan(job), '--serial', job.serial, '--ca', caOfJob];
    const proc = new CliProcess(BIN, args, { BAMBU_ACCESS_CODE: job.accessCode });
    try {
      await proc.waitForLines((lines) => lines.filter((l) => l.includes('| nozzle')).length >= 3);
    } finally {
      proc.kill('SIGINT');
      await job.close();
    }
    const r = await proc.exited;
    expect(r.code, proc.describe()).toBe(0);
    // A line per change in words, not per report: no two state lines alike but for the clock.
    const stateLines = proc.stdoutLines
      .filter((l) => l.includes('| nozzle'))
      .map((l) => l.slice(9));
    expect(new Set(stateLines).size).toBe(stateLines.length);
    expect(proc.stdoutLines[0]).toMatch(/^\d\d:\d\d:\d\d link (connecting|online)/);
    expect(proc.stdoutLines.some((l) => / link online/.test(l))).toBe(true);
    for (const line of proc.stdoutLines) expect(line).toMatch(/^\d\d:\d\d:\d\d /);
    expect(r.stdout + r.stderr).not.toContain(job.accessCode);
  });

  it('live --json mode prints one PrinterState per line on stdout and status on stderr', async () => {
    const args = [...lan(other), '--serial', other.serial, '--insecure', '--json'];
    const proc = new CliProcess(BIN, args, { BAMBU_ACCESS_CODE: other.accessCode });
    try {
      await proc.waitForLines((lines) => lines.length >= 2);
    } finally {
      proc.kill('SIGTERM');
    }
    const r = await proc.exited;
    expect(r.code, proc.describe()).toBe(0);
    for (const line of proc.stdoutLines) {
      const state = JSON.parse(line) as PrinterState;
      expect(state.serial).toBe(other.serial);
      expect(state.model).toBe('P1S');
    }
    // With --json, status changes are JSON lines on stderr too.
    const statuses = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => (JSON.parse(l) as { status?: string }).status);
    expect(statuses).toContain('online');
  });
});
