import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProxy } from '../cli/proxy-command.ts';
import { startVirtualCloud } from '../sim/cloud/virtual-cloud.ts';
import type { VirtualCloud } from '../sim/cloud/virtual-cloud-api.ts';

// bambu-proxy run in-process: the token commands on a real file, and a server mode started
// with the documented command line against the virtual cloud.

let dir: string;
let cloud: VirtualCloud;
let real: string;

interface Run {
  code: number;
  out: string[];
  err: string[];
}

async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runProxy(argv, {
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    env: { BAMBU_TOKEN_FILE: join(dir, 'no-saved-login'), ...env },
    signal: AbortSignal.abort(),
  });
  return { code, out, err };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'proxy-cli-'));
  cloud = await startVirtualCloud({
    accounts: [{ email: 'cli@example.com', password: 'unused-password', uid: 4_455_667_788 }],
    mqttPort: false,
  });
  real = cloud.issueToken('cli@example.com');
});

afterAll(async () => {
  await cloud?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('bambu-proxy tokens', () => {
  it('adds, lists (masked) and removes tokens in a 0600 file', async () => {
    const file = join(dir, 'tokens.json');
    const added = await run(['tokens', 'add', '--tokens', file], { BAMBU_TOKEN: real });
    expect(added.code).toBe(0);
    const custom = added.out.at(-1) ?? '';
    expect(custom).toMatch(/^fdp_[\w-]{32}$/);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ [custom]: real });
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const named = await run(['tokens', 'add', 'workshop-dashboard-2026', '--tokens', file], {
      BAMBU_TOKEN: real,
    });
    expect(named.code).toBe(0);
    const list = await run(['tokens', 'list', '--tokens', file]);
    expect(list.code).toBe(0);
    expect(list.out[0]).toContain('2 token(s)');
    const text = list.out.join('\n');
    expect(text).not.toContain(custom);
    expect(text).not.toContain(real);
    expect(text).toContain('work…');

    const removed = await run(['tokens', 'remove', 'workshop', '--tokens', file]);
    expect(removed.code).toBe(0);
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')) as object)).toEqual([custom]);
    const again = await run(['tokens', 'remove', 'workshop', '--tokens', file]);
    expect(again.code).toBe(1);
  });

  it('refuses weak custom tokens and a missing cloud token', async () => {
    const file = join(dir, 'weak.json');
    expect(
      (await run(['tokens', 'add', 'short', '--tokens', file], { BAMBU_TOKEN: real })).code,
    ).toBe(2);
    const none = await run(['tokens', 'add', '--tokens', file]);
    expect(none.code).toBe(3);
    expect(none.err.join('\n')).toContain('bambu-login');
  });

  it('reports a broken token file', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '["not", "an", "object"]');
    const r = await run(['tokens', 'list', '--tokens', file]);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toContain('{"custom-token": "real-token"}');
  });
});

describe('bambu-proxy strict|full', () => {
  it('rejects bad command lines with exit code 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['readonly'])).code).toBe(2);
    expect((await run(['strict', '--port', 'http'])).code).toBe(2);
    expect((await run(['full', '--region', 'mars'])).code).toBe(2);
    expect((await run(['strict', '--mqtt-url', 'http://x'])).code).toBe(2);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toContain('bambu-proxy strict|full');
  });

  it('serves from the documented command until stopped', async () => {
    const file = join(dir, 'serve.json');
    await writeFile(file, JSON.stringify({ 'serve-token-0123456789': real }));
    const stop = new AbortController();
    const out: string[] = [];
    const err: string[] = [];
    let url = '';
    const listening = new Promise<void>((resolve) => {
      void runProxy(['strict', '--port', '0', '--tokens', file, '--api-url', cloud.apiUrl], {
        stdout: (l) => out.push(l),
        stderr: (l) => err.push(l),
        env: { BAMBU_PROXY_ADMIN_TOKEN: 'admin-token-0123456789' },
        signal: stop.signal,
        onListening: (u) => {
          url = u;
          resolve();
        },
      }).then((code) => out.push(`exit ${code}`));
    });
    await listening;
    const health = (await (await fetch(`${url}/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ mode: 'strict', tokens_configured: 1, backend: cloud.apiUrl });
    const profile = await fetch(`${url}/v1/user-service/my/profile`, {
      headers: { authorization: 'Bearer serve-token-0123456789' },
    });
    expect(profile.status).toBe(200);
    const admin = await fetch(`${url}/admin/tokens`, {
      headers: { authorization: 'Bearer admin-token-0123456789' },
    });
    expect(admin.status).toBe(200);
    stop.abort();
    await expect.poll(() => out.at(-1), { timeout: 10_000 }).toBe('exit 0');
    expect(out[0]).toContain('(strict)');
    for (const line of [...out, ...err]) {
      expect(line).not.toContain(real);
      expect(line).not.toContain('serve-token-0123456789');
    }
  });
});
