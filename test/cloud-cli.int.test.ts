// End-to-end runs of the built bambu-login and bambu-query (npm test builds first; while
// developing, run `npx tsc -p tsconfig.build.json`).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, TOTP_SECRET } from '../sim/cloud/test-support/demo-accounts.ts';
import { totp } from '../sim/cloud/totp.ts';
import type { VirtualCloud } from '../sim/cloud/virtual-cloud-api.ts';
import { startVirtualCloud } from '../sim/cloud/virtual-cloud.ts';
import type { VirtualPrinter } from '../sim/virtual-printer-api.ts';
import { startVirtualPrinter } from '../sim/virtual-printer.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LOGIN = join(ROOT, 'bin/bambu-login.js');
const QUERY = join(ROOT, 'bin/bambu-query.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a bin; `answers` maps a prompt (seen on stderr) to the line written to stdin. */
function run(
  bin: string,
  args: string[],
  env: Record<string, string>,
  answers: { prompt: string; answer: () => string }[] = [],
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let answered = 0;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const next = answers[answered];
      if (next !== undefined && stderr.split(next.prompt).length - 1 > countBefore(answered)) {
        answered++;
        child.stdin.write(`${next.answer()}\n`);
        if (answered === answers.length) child.stdin.end();
      }
    });
    const countBefore = (i: number) =>
      answers.slice(0, i).filter((a) => a.prompt === answers[i]?.prompt).length;
    if (answers.length === 0) child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let cloud: VirtualCloud;
let printer: VirtualPrinter;
let dir: string;
let tokenFile: string;
let env: Record<string, string>;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/cli/bambu-login.js'))) {
    throw new Error('dist/ is missing: run `npm run build` before the integration tests');
  }
  printer = await startVirtualPrinter({ model: 'P1S', reportIntervalMs: 200 });
  const devices = [
    {
      serial: printer.serial,
      accessCode: printer.accessCode,
      host: printer.host,
      mqttPort: printer.mqttPort,
      certificatePem: printer.certificatePem,
      product: 'P1S',
    },
  ];
  cloud = await startVirtualCloud({ accounts: demoAccounts(devices) });
  dir = await mkdtemp(join(tmpdir(), 'farmdeck-cli-'));
  tokenFile = join(dir, 'bambu_token');
  env = { BAMBU_TOKEN_FILE: tokenFile, HOME: dir };
});

afterAll(async () => {
  await cloud.close();
  await printer.close();
  await rm(dir, { recursive: true, force: true });
});

describe('bambu-login', () => {
  it('completes the email-code flow with the code piped in, and saves the token 0600', async () => {
    const r = await run(
      LOGIN,
      ['--username', 'code@example.com', '--api-url', cloud.apiUrl, '--test'],
      { ...env, BAMBU_PASSWORD: 'code-secret' },
      [{ prompt: 'Verification code:', answer: () => cloud.lastCode('code@example.com') ?? '' }],
    );
    expect(r.stderr).toContain('A verification code was sent to code@example.com');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Token saved to ${tokenFile}`);
    expect(r.stdout).toMatch(/Token works: code@example.com \(uid 2222\), 1 printer\(s\) bound/);
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(tokenFile, 'utf8')) as {
      region: string;
      token: string;
    };
    expect(saved.region).toBe('global');
    expect(r.stdout + r.stderr).not.toContain(saved.token);
    expect(r.stdout + r.stderr).not.toContain('code-secret');
  });

  it('asks again after a wrong code', async () => {
    const r = await run(
      LOGIN,
      ['-u', 'code@example.com', '-p', 'code-secret', '--api-url', cloud.apiUrl],
      env,
      [
        { prompt: 'Verification code:', answer: () => '999999x' },
        { prompt: 'Verification code:', answer: () => cloud.lastCode('code@example.com') ?? '' },
      ],
    );
    expect(r.stderr).toContain('the code is incorrect');
    expect(r.code).toBe(0);
  });

  it('reads email and password from the pipe too, and logs in a TOTP account with --code', async () => {
    const r = await run(LOGIN, ['--api-url', cloud.apiUrl, '--code', totp(TOTP_SECRET)], env, [
      { prompt: 'Email:', answer: () => 'totp@example.com' },
      { prompt: 'Password:', answer: () => 'totp-secret' },
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Logged in.');
  });

  it('falls back to an emailed code when the TOTP sign-in refuses third-party clients', async () => {
    const strict = await startVirtualCloud({
      accounts: demoAccounts(),
      mqttPort: false,
      officialTfaOnly: true,
    });
    try {
      const r = await run(
        LOGIN,
        ['-u', 'totp@example.com', '-p', 'totp-secret', '--api-url', strict.apiUrl],
        { ...env, BAMBU_TOKEN_FILE: join(dir, 'fallback') },
        [
          { prompt: 'Authenticator app code:', answer: () => totp(TOTP_SECRET) },
          { prompt: 'Verification code:', answer: () => strict.lastCode('totp@example.com') ?? '' },
        ],
      );
      expect(r.stderr).toContain('Falling back to a code sent by email.');
      expect(r.code).toBe(0);
      expect(existsSync(join(dir, 'fallback'))).toBe(true);
    } finally {
      await strict.close();
    }
  });

  it('exits 3 on a wrong password, saying what to check', async () => {
    const r = await run(
      LOGIN,
      [
        '-u',
        'pw@example.com',
        '-p',
        'wrong',
        '--api-url',
        cloud.apiUrl,
        '--token-file',
        join(dir, 'x'),
      ],
      env,
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/check the email address and password/);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('exits 2 when the code cannot be read', async () => {
    const r = await run(
      LOGIN,
      ['-u', 'code@example.com', '-p', 'code-secret', '--api-url', cloud.apiUrl],
      {
        ...env,
        BAMBU_TOKEN_FILE: join(dir, 'never'),
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no answer to "Verification code"/);
  });

  it('--verify-only checks the saved token; an expired one exits 3', async () => {
    const token = cloud.issueToken('opaque@example.com');
    const file = join(dir, 'opaque_token');
    await writeFile(file, JSON.stringify({ region: 'global', token }), { mode: 0o600 });
    const ok = await run(
      LOGIN,
      ['--verify-only', '--api-url', cloud.apiUrl, '--token-file', file],
      env,
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Token works: opaque@example.com \(uid 4444\)/);
    cloud.expireTokens('opaque@example.com');
    const dead = await run(
      LOGIN,
      ['--verify-only', '--api-url', cloud.apiUrl, '--token-file', file],
      env,
    );
    expect(dead.code).toBe(3);
    expect(dead.stderr).toContain('token expired or revoked: log in again');
    expect(dead.stderr).not.toContain(token);
  });
});

describe('bambu-query', () => {
  it('--devices --json lists the virtual printers with the saved token', async () => {
    const r = await run(QUERY, ['--devices', '--json', '--api-url', cloud.apiUrl], env);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      devices: { dev_id: string; dev_access_code: string; online: boolean }[];
    };
    expect(out.devices.map((d) => d.dev_id)).toEqual([printer.serial]);
    expect(out.devices[0]?.online).toBe(true);
    expect(out.devices[0]?.dev_access_code).toBe(`****${printer.accessCode.slice(-4)}`);
    const shown = await run(QUERY, ['--json', '--show-codes', '--api-url', cloud.apiUrl], env);
    expect(shown.stdout).toContain(`"dev_access_code": "${printer.accessCode}"`);
  });

  it('takes a token argument and prints every section', async () => {
    const token = cloud.issueToken('pw@example.com');
    const r = await run(
      QUERY,
      [
        token,
        '--status',
        '--profile',
        '--tasks',
        '--projects',
        '--firmware',
        '--api-url',
        cloud.apiUrl,
      ],
      env,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Print status:');
    expect(r.stdout).toContain('uid       1111  (cloud MQTT user u_1111)');
    expect(r.stdout).toMatch(/Print history \(1 of 1\)/);
    expect(r.stdout).toContain('Alcohol_Marker_Storage');
    expect(r.stdout).toMatch(/update available: \d/);
    expect(r.stdout).not.toContain(token);
  });

  it('--ams reads the live AMS over cloud MQTT', async () => {
    const ca = join(dir, 'cloud-ca.pem');
    await writeFile(ca, cloud.mqttCaPem ?? '');
    const r = await run(
      QUERY,
      [
        '--ams',
        printer.serial,
        '--json',
        '--api-url',
        cloud.apiUrl,
        '--mqtt-url',
        cloud.mqttUrl ?? '',
        '--mqtt-ca',
        ca,
      ],
      { ...env, BAMBU_TOKEN: cloud.issueToken('pw@example.com') },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { ams: { serial: string; units: { trays: unknown[] }[] } };
    expect(out.ams.serial).toBe(printer.serial);
    expect(out.ams.units[0]?.trays.length).toBe(4);
  });

  it('exits 2 without a token and 4 when the cloud is unreachable', async () => {
    const none = await run(QUERY, ['--api-url', cloud.apiUrl], {
      ...env,
      BAMBU_TOKEN_FILE: join(dir, 'none'),
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/run bambu-login/);
    const down = await run(QUERY, ['tok', '--api-url', 'http://127.0.0.1:9'], env);
    expect(down.code).toBe(4);
    expect(down.stderr).toMatch(/could not reach 127\.0\.0\.1:9/);
  });
});
