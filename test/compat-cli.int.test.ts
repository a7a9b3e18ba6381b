import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCompat } from '../cli/compat-command.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';

// bambu-compat run in-process with the documented command line.

let dir: string;
let printer: VirtualPrinter;

async function run(argv: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const code = await runCompat(argv, {
    stdout: () => undefined,
    stderr: (l) => err.push(l),
    env: {},
    signal: AbortSignal.abort(),
  });
  return { code, err: err.join('\n') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'compat-cli-'));
  printer = await startVirtualPrinter({ model: 'A1 mini', reportIntervalMs: 100 });
});

afterAll(async () => {
  await printer?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('bambu-compat', () => {
  it('explains bad command lines and configuration files (exit 2)', async () => {
    expect((await run([])).err).toContain('missing --config');
    expect((await run(['--config'])).code).toBe(2);
    expect((await run(['--config', join(dir, 'absent.json')])).err).toContain('cannot read');
    await writeFile(join(dir, 'bad.json'), '{"devices": [{"name": "no serial"}]}');
    const bad = await run(['--config', join(dir, 'bad.json')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('devices[0].serial');
    await writeFile(join(dir, 'cloud.json'), '{"devices": [{"serial": "01P00A000000001"}]}');
    expect((await run(['--config', join(dir, 'cloud.json')])).err).toContain('auth_token');
    expect((await run(['--config', join(dir, 'bad.json'), '--port', '99999'])).code).toBe(2);
  });

  it('serves from the documented command until stopped', async () => {
    const config = join(dir, 'compatibility_config.json');
    await writeFile(
      config,
      JSON.stringify({
        devices: [
          {
            serial: printer.serial,
            access_code: printer.accessCode,
            name: 'Desk A1 mini',
            host: '127.0.0.1',
            port: printer.mqttPort,
            insecure: true,
          },
        ],
      }),
    );
    const stop = new AbortController();
    const out: string[] = [];
    let url = '';
    const listening = new Promise<void>((resolve) => {
      void runCompat(['--config', config, '--port', '0'], {
        stdout: (l) => out.push(l),
        stderr: () => undefined,
        env: {},
        signal: stop.signal,
        onListening: (u) => {
          url = u;
          resolve();
        },
      }).then((code) => out.push(`exit ${code}`));
    });
    await listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    await expect
      .poll(
        async () => {
          const r = await fetch(`${url}/api/v1/status?device_id=${printer.serial}`);
          return r.status === 200
            ? ((await r.json()) as { print: { mc_percent?: unknown } }).print.mc_percent
            : null;
        },
        { timeout: 20_000, interval: 100 },
      )
      .toEqual(expect.any(Number));
    stop.abort();
    await expect.poll(() => out.at(-1), { timeout: 10_000 }).toBe('exit 0');
  });
});
