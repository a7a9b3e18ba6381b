import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { Client, type FTPContext } from 'basic-ftp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FtpsClient, type FtpsConnectOptions } from '../core/ftps/ftps-client.ts';
import { FtpsError } from '../core/ftps/ftps-error.ts';
import { startVsftpd, type Vsftpd } from './support/vsftpd.ts';

/**
 * The FTPS client against a server we did not write: Debian's vsftpd (the server Bambu printers
 * run) with implicit TLS and require_ssl_reuse=YES. Fails, never skips, when vsftpd is missing.
 */

const SERIAL = '01S00C000000002';
const CODE = '24681357';
const work = mkdtempSync(join(tmpdir(), 'farmdeck-vsftpd-test-'));
let server: Vsftpd;

const options = (over: Partial<FtpsConnectOptions> = {}): FtpsConnectOptions => ({
  host: '127.0.0.1',
  port: server.port,
  serial: SERIAL,
  accessCode: CODE,
  tls: { ca: server.certPem },
  ...over,
});

beforeAll(async () => {
  server = await startVsftpd(SERIAL, CODE);
});
afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('FTPS client against vsftpd (implicit TLS, require_ssl_reuse)', () => {
  it('uploads straight to the final name without RNFR, verifies, lists, renames and deletes', async () => {
    const src = join(work, 'benchy.gcode.3mf');
    writeFileSync(src, randomBytes(2 * 1024 * 1024 + 5));
    const client = await FtpsClient.connect(options());
    try {
      let lastPercent = 0;
      const res = await client.upload(src, '/benchy.gcode.3mf', {
        onProgress: (p) => {
          lastPercent = p.percent;
        },
      });
      expect(res.bytes).toBe(2 * 1024 * 1024 + 5);
      expect(lastPercent).toBe(100);
      expect(readFileSync(join(server.root, 'benchy.gcode.3mf')).equals(readFileSync(src))).toBe(
        true,
      );
      expect(readdirSync(server.root)).toEqual(['benchy.gcode.3mf']);
      expect(server.protocolLog()).toMatch(/"STOR \/benchy\.gcode\.3mf"/);
      expect(server.protocolLog()).toMatch(/"SIZE \/benchy\.gcode\.3mf"/);
      expect(server.protocolLog()).not.toMatch(/"RNFR/);
      const listed = await client.list('/');
      expect(listed.map((e) => [e.name, e.size])).toEqual([['benchy.gcode.3mf', res.bytes]]);
      await client.rename('/benchy.gcode.3mf', '/benchy_2.gcode.3mf');
      expect(await client.size('/benchy_2.gcode.3mf')).toBe(res.bytes);
      await client.remove('/benchy_2.gcode.3mf');
      expect(await client.size('/benchy_2.gcode.3mf')).toBeNull();
    } finally {
      client.close();
    }
  });

  it('gets auth-failed for a wrong access code', async () => {
    const err = await FtpsClient.connect(options({ accessCode: '11111111' })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FtpsError);
    expect((err as FtpsError).code).toBe('auth-failed');
    expect((err as FtpsError).message).not.toContain('11111111');
  });

  it('cancels an upload and removes the partial file', async () => {
    const src = join(work, 'cancel.gcode.3mf');
    writeFileSync(src, randomBytes(48 * 1024 * 1024));
    const client = await FtpsClient.connect(options());
    try {
      const ac = new AbortController();
      const err = await client
        .upload(src, '/cancel.gcode.3mf', {
          signal: ac.signal,
          progressIntervalMs: 0,
          onProgress: (p) => {
            if (p.bytes > 2 * 1024 * 1024) ac.abort();
          },
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect((err as FtpsError).code).toBe('cancelled');
      await expect.poll(() => readdirSync(server.root), { timeout: 15_000 }).toEqual([]);
      expect(existsSync(join(server.root, 'cancel.gcode.3mf'))).toBe(false);
    } finally {
      client.close();
    }
  });

  it('is really enforcing session reuse: a fresh data handshake is refused', async () => {
    const raw = new Client(10_000);
    raw.prepareTransfer = async (ftp: FTPContext) => {
      const res = await ftp.request('PASV');
      const m = /(\d+),(\d+)\)?\.?\s*$/.exec(res.message);
      const port = Number(m?.[1]) * 256 + Number(m?.[2]);
      const sock = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false });
      sock.on('error', () => undefined);
      ftp.dataSocket = sock;
      return res;
    };
    try {
      await raw.connectImplicitTLS('127.0.0.1', server.port, { rejectUnauthorized: false });
      await raw.login('bblp', CODE);
      await raw.useDefaultSettings();
      const err = await raw.list('/').then(
        () => null,
        (e: unknown) => e as { code?: number; message?: string },
      );
      expect(err).not.toBeNull();
      expect(String(err?.code ?? err?.message)).toMatch(/522|reuse|FIN packet|ECONNRESET/i);
    } finally {
      raw.close();
    }
  });
});
