import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { connectTestClient } from '../sim/test-support/mqtt-test-client.ts';
import { runSim } from '../sim/sim-cli.ts';
import type { VirtualPrinter } from '../sim/virtual-printer-api.ts';
import { assertBuilt, CliProcess, runCli } from './support/cli-process.ts';

interface Line {
  model: string;
  serial: string;
  host: string;
  port: number;
  accessCode: string;
  certificatePem: string;
}

function collect() {
  const out: string[] = [];
  const err: string[] = [];
  const stop = new AbortController();
  let announce: () => void = () => undefined;
  const ready = new Promise<void>((r) => (announce = r));
  const io = {
    stdout: (l: string) => out.push(l),
    stderr: (l: string) => {
      err.push(l);
      if (l.includes('running')) announce();
    },
    signal: stop.signal,
  };
  return { out, err, stop, ready, io };
}

describe('bambu-sim', () => {
  it('starts a mixed farm, prints one JSON line per printer, and closes on the signal', async () => {
    const s = collect();
    const run = runSim(
      ['--model', 'X1C,P1S,A1', '--count', '4', '--json', '--access-code', '11223344'],
      s.io,
    );
    await s.ready;
    const lines = s.out.map((l) => JSON.parse(l) as Line);
    expect(lines.map((l) => l.model)).toEqual(['X1C', 'P1S', 'A1', 'X1C']);
    for (const l of lines) {
      expect(l.accessCode).toBe('11223344');
      expect(new X509Certificate(l.certificatePem).subject).toBe(`CN=${l.serial}`);
    }
    const first = lines[0]!;
    const client = await connectTestClient({
      host: first.host,
      mqttPort: first.port,
      serial: first.serial,
      accessCode: first.accessCode,
      certificatePem: first.certificatePem,
    } as VirtualPrinter);
    await client.end();
    s.stop.abort();
    expect(await run).toBe(0);
  });

  it('--quirks no-msg,single-session: reports without msg, a second login kicks the first', async () => {
    const s = collect();
    const run = runSim(['--model', 'H2D', '--quirks', 'no-msg,single-session', '--json'], s.io);
    await s.ready;
    const line = JSON.parse(s.out[0] ?? '{}') as Line;
    const printer = {
      host: line.host,
      mqttPort: line.port,
      serial: line.serial,
      accessCode: line.accessCode,
      certificatePem: line.certificatePem,
    } as VirtualPrinter;
    const first = await connectTestClient(printer);
    await first.request({ pushing: { sequence_id: '1', command: 'pushall' } });
    const full = await first.waitFor((m) => m['print'] !== undefined, 'the pushall answer');
    expect(full['print']).not.toHaveProperty('msg');
    expect(full['print']).toHaveProperty('gcode_state');
    const closed = new Promise<void>((r) => first.client.once('close', () => r()));
    const second = await connectTestClient(printer);
    await closed;
    await second.end();
    await first.end();
    s.stop.abort();
    expect(await run).toBe(0);
  });

  it('prints model, serial, address, access code and certificate in text mode', async () => {
    const s = collect();
    const run = runSim(['--model', 'H2D', '--serial', '0948AB000000001', '--printing'], s.io);
    await s.ready;
    const text = s.out.join('\n');
    expect(text).toMatch(
      /^H2D {2}serial 0948AB000000001 {2}mqtts:\/\/127\.0\.0\.1:\d+ {2}user bblp {2}access code \d{8}/,
    );
    expect(text).toContain('-----BEGIN CERTIFICATE-----');
    s.stop.abort();
    expect(await run).toBe(0);
  });

  it('answers a bad flag with a message and the usage, exit 2, no stack trace', async () => {
    const s = collect();
    expect(await runSim(['--count', 'lots'], s.io)).toBe(2);
    const text = s.err.join('\n');
    expect(text).toContain('bambu-sim: --count must be an integer');
    expect(text).toContain('Usage: bambu-sim');
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('runs from the bin shim and exits cleanly on Ctrl-C (SIGINT)', async () => {
    assertBuilt('dist/sim/cli.js');
    const cli = new CliProcess('bin/bambu-sim.js', ['--model', 'P1S,A1 mini', '--json']);
    await cli.waitForLines((lines) => lines.some((l) => l.includes('"model":"A1 mini"')));
    cli.kill('SIGINT');
    const result = await cli.exited;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('stopped');
    const bad = await runCli('bin/bambu-sim.js', ['--nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--nope'");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
