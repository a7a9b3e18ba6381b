import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, TLSSocket } from 'node:tls';
import { Client, type FTPContext } from 'basic-ftp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FtpsClient, type FtpsConnectOptions } from '../core/ftps/ftps-client.ts';
import { FtpsError } from '../core/ftps/ftps-error.ts';
import { passiveToControlHost } from '../core/ftps/passive-transfer.ts';
import type { UploadProgress } from '../core/ftps/upload-progress.ts';
import { createPrinterCertificate, type SimCertificate } from '../sim/certificate.ts';
import { startVirtualFtps, type VirtualFtps } from '../sim/ftps/ftps-server.ts';

const SERIAL = '01P00A000000001';
const CODE = '12345678';
const work = mkdtempSync(join(tmpdir(), 'farmdeck-ftps-test-'));
let cert: SimCertificate;
let server: VirtualFtps;

function localFile(name: string, bytes: number): string {
  const p = join(work, name);
  const fd = openSync(p, 'w');
  const chunk = randomBytes(Math.min(bytes, 1024 * 1024));
  for (let left = bytes; left > 0; left -= chunk.length) {
    writeSync(fd, chunk, 0, Math.min(left, chunk.length));
  }
  closeSync(fd);
  return p;
}

function options(over: Partial<FtpsConnectOptions> = {}): FtpsConnectOptions {
  return {
    host: server.host,
    port: server.port,
    serial: SERIAL,
    accessCode: CODE,
    tls: { ca: cert.cert },
    ...over,
  };
}

async function failure(p: Promise<unknown>): Promise<FtpsError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FtpsError);
  return err as FtpsError;
}

const stored = (): string[] => readdirSync(server.storageDir).sort();

beforeAll(async () => {
  cert = await createPrinterCertificate(SERIAL);
  server = await startVirtualFtps({ certificate: cert, accessCode: CODE });
});
afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
  rmSync(server.storageDir, { recursive: true, force: true });
});

describe('FTPS client against the virtual printer', () => {
  it('uploads with progress, lists, renames and deletes, resuming the TLS session', async () => {
    const src = localFile('cube.gcode.3mf', 3 * 1024 * 1024 + 17);
    const client = await FtpsClient.connect(options());
    try {
      const seen: UploadProgress[] = [];
      const res = await client.upload(src, '/cube.gcode.3mf', {
        onProgress: (p) => seen.push(p),
        progressIntervalMs: 0,
      });
      expect(res).toMatchObject({ remotePath: '/cube.gcode.3mf', bytes: 3 * 1024 * 1024 + 17 });
      expect(
        readFileSync(join(server.storageDir, 'cube.gcode.3mf')).equals(readFileSync(src)),
      ).toBe(true);
      const last = seen.at(-1);
      expect(last).toMatchObject({
        bytes: res.bytes,
        totalBytes: res.bytes,
        percent: 100,
        etaSeconds: 0,
      });
      expect(seen.length).toBeGreaterThan(1);
      const names = (await client.list('/')).map((e) => e.name);
      expect(names).toContain('cube.gcode.3mf');
      expect(names.some((n) => n.endsWith('.part'))).toBe(false);
      const entry = (await client.list('/')).find((e) => e.name === 'cube.gcode.3mf');
      expect(entry).toMatchObject({ size: res.bytes, isDirectory: false });
      expect((await client.list('/')).find((e) => e.name === 'timelapse')?.isDirectory).toBe(true);

      await client.rename('/cube.gcode.3mf', '/cube2.gcode.3mf');
      expect(await client.size('/cube2.gcode.3mf')).toBe(res.bytes);
      expect(await client.size('/cube.gcode.3mf')).toBeNull();
      await client.remove('/cube2.gcode.3mf');
      await client.remove('/cube2.gcode.3mf', { ignoreMissing: true });
      expect((await failure(client.remove('/cube2.gcode.3mf'))).code).toBe('not-found');
      expect(server.stats.dataRejectedNoReuse).toBe(0);
    } finally {
      client.close();
    }
  });

  it('replaces an existing file of the same name', async () => {
    writeFileSync(join(server.storageDir, 'same.gcode.3mf'), 'old');
    const src = localFile('same.gcode.3mf', 1000);
    const client = await FtpsClient.connect(options());
    try {
      await client.upload(src, '/same.gcode.3mf');
      expect(readFileSync(join(server.storageDir, 'same.gcode.3mf')).length).toBe(1000);
    } finally {
      client.close();
    }
  });

  it('refuses a wrong access code without revealing it', async () => {
    const err = await failure(FtpsClient.connect(options({ accessCode: '87654321' })));
    expect(err.code).toBe('auth-failed');
    expect(err.message).toMatch(
      /access code rejected by printer 01P00A000000001.*printer's screen/,
    );
    expect(err.message).not.toContain('87654321');
  });

  it('reports an unreachable printer', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const addr = probe.address();
    const port = typeof addr === 'object' && addr ? addr.port : 1;
    await new Promise<void>((r) => probe.close(() => r()));
    const err = await failure(FtpsClient.connect(options({ port })));
    expect(err.code).toBe('unreachable');
    expect(err.reason).toBe('refused');
    expect(err.message).toMatch(new RegExp(`connection was refused on port ${port}`));
  });

  it('rejects a certificate made for another serial', async () => {
    const err = await failure(FtpsClient.connect(options({ serial: '01P00A999999999' })));
    // The same code as the MQTT link and the cameras (core/util/net-error.ts).
    expect(err.code).toBe('wrong-serial');
    expect(err.reason).toBe('wrong-serial');
  });

  it('reports a full card and leaves nothing behind', async () => {
    const before = stored();
    server.setCapacity(2 * 1024 * 1024);
    const src = localFile('big.gcode.3mf', 5 * 1024 * 1024);
    const client = await FtpsClient.connect(options());
    try {
      const err = await failure(client.upload(src, '/big.gcode.3mf'));
      expect(err.code).toBe('storage-full');
      expect(err.message).toMatch(/full .*delete old files/);
      expect(stored()).toEqual(before);
    } finally {
      client.close();
      server.setCapacity(32 * 1024 ** 3);
    }
  });

  it('reports a printer without a storage card', async () => {
    server.setStoragePresent(false);
    const src = localFile('nocard.gcode.3mf', 1000);
    const client = await FtpsClient.connect(options());
    try {
      const err = await failure(client.upload(src, '/nocard.gcode.3mf'));
      expect(err.code).toBe('no-storage');
      expect(err.message).toMatch(/insert a formatted SD card or USB drive/);
    } finally {
      client.close();
      server.setStoragePresent(true);
    }
  });

  it('refuses names the card cannot hold before sending anything', async () => {
    const client = await FtpsClient.connect(options());
    try {
      const uploads = server.stats.uploads;
      const err = await failure(client.upload(localFile('x.3mf', 10), '/a:b?.gcode.3mf'));
      expect(err.code).toBe('invalid-name');
      expect(server.stats.uploads).toBe(uploads);
    } finally {
      client.close();
    }
  });

  it('cancels an upload, deletes the partial file and stays usable', async () => {
    const src = localFile('cancel.gcode.3mf', 64 * 1024 * 1024);
    const client = await FtpsClient.connect(options());
    try {
      const ac = new AbortController();
      const err = await failure(
        client.upload(src, '/cancel.gcode.3mf', {
          signal: ac.signal,
          progressIntervalMs: 0,
          onProgress: (p) => {
            if (p.bytes > 4 * 1024 * 1024) ac.abort();
          },
        }),
      );
      expect(err.code).toBe('cancelled');
      await expect
        .poll(() => stored().filter((n) => n.includes('cancel')), { timeout: 10_000 })
        .toEqual([]);
      expect((await client.list('/')).some((e) => e.name.includes('cancel'))).toBe(false);
    } finally {
      client.close();
    }
  });

  it('never leaves a half file under the real name when the connection drops', async () => {
    const src = localFile('drop.gcode.3mf', 64 * 1024 * 1024);
    const client = await FtpsClient.connect(options());
    try {
      let dropped = false;
      const err = await failure(
        client.upload(src, '/drop.gcode.3mf', {
          progressIntervalMs: 0,
          onProgress: (p) => {
            if (!dropped && p.bytes > 4 * 1024 * 1024) {
              dropped = true;
              server.dropConnections();
            }
          },
        }),
      );
      expect(['unreachable', 'protocol', 'incomplete']).toContain(err.code);
      expect(existsSync(join(server.storageDir, 'drop.gcode.3mf'))).toBe(false);
    } finally {
      client.close();
    }
  });

  it('times out a transfer that takes too long', async () => {
    const src = localFile('slow.gcode.3mf', 64 * 1024 * 1024);
    const client = await FtpsClient.connect(options());
    try {
      const err = await failure(client.upload(src, '/slow.gcode.3mf', { timeoutMs: 1 }));
      expect(err.code).toBe('timeout');
      expect(existsSync(join(server.storageDir, 'slow.gcode.3mf'))).toBe(false);
    } finally {
      client.close();
    }
  });

  it('waits for a late final reply (H2D sends 226 long after the data)', async () => {
    const slow = await startVirtualFtps({
      certificate: cert,
      accessCode: CODE,
      finalReplyDelayMs: 1500,
    });
    const client = await FtpsClient.connect(options({ port: slow.port }));
    try {
      const res = await client.upload(localFile('late.gcode.3mf', 100_000), '/late.gcode.3mf');
      expect(res.bytes).toBe(100_000);
      expect(existsSync(join(slow.storageDir, 'late.gcode.3mf'))).toBe(true);
    } finally {
      client.close();
      await slow.close();
      rmSync(slow.storageDir, { recursive: true, force: true });
    }
  });

  it('streams a large file with flat memory (client and server in this process)', async () => {
    const size = 256 * 1024 * 1024;
    const src = localFile('large.gcode.3mf', size);
    const client = await FtpsClient.connect(options());
    try {
      const mem = (): number => {
        const m = process.memoryUsage();
        return m.heapUsed + m.arrayBuffers;
      };
      global.gc?.();
      const baseline = mem();
      let peak = baseline;
      const res = await client.upload(src, '/large.gcode.3mf', {
        progressIntervalMs: 0,
        onProgress: () => {
          peak = Math.max(peak, mem());
        },
      });
      expect(res.bytes).toBe(size);
      expect(await client.size('/large.gcode.3mf')).toBe(size);
      // A quarter of the file; buffering it whole would need 256 MB.
      expect(peak - baseline).toBeLessThan(64 * 1024 * 1024);
    } finally {
      client.close();
      rmSync(join(server.storageDir, 'large.gcode.3mf'), { force: true });
      rmSync(join(work, 'large.gcode.3mf'), { force: true });
    }
  }, 120_000);

  it('serves MKD, CWD, PWD, RETR and listings inside folders like a printer card', async () => {
    const raw = new Client(10_000);
    raw.prepareTransfer = passiveToControlHost;
    const out = join(work, 'retr.bin');
    try {
      await raw.connectImplicitTLS(server.host, server.port, {
        ca: cert.cert,
        servername: SERIAL,
        maxVersion: 'TLSv1.2',
      });
      await raw.login('bblp', CODE);
      await raw.useDefaultSettings();
      await raw.ensureDir('/jobs/week1'); // MKD + CWD
      expect(await raw.pwd()).toBe('/jobs/week1');
      const src = localFile('retr.gcode.3mf', 300_000);
      await raw.uploadFrom(src, 'retr.gcode.3mf');
      await raw.downloadTo(out, 'retr.gcode.3mf');
      expect(readFileSync(out).equals(readFileSync(src))).toBe(true);
      await raw.cd('/');
      expect((await raw.list('/jobs')).map((e) => [e.name, e.isDirectory])).toEqual([
        ['week1', true],
      ]);
      const missing = await raw.cd('/nope').then(
        () => null,
        (e: unknown) => e as { code?: number },
      );
      expect(missing?.code).toBe(550);
      // Like a chroot: going above the root stays at the root.
      await raw.cd('/../..');
      expect(await raw.pwd()).toBe('/');
      expect(existsSync(join(server.storageDir, 'jobs/week1/retr.gcode.3mf'))).toBe(true);
    } finally {
      raw.close();
    }
  });

  it('refuses a data connection that does not resume the TLS session (522)', async () => {
    const raw = new Client(10_000);
    // A transfer strategy that opens the data channel with a fresh TLS handshake.
    raw.prepareTransfer = async (ftp: FTPContext) => {
      const res = await ftp.request('EPSV');
      const port = Number(/\|\|\|(\d+)\|/.exec(res.message)?.[1]);
      const sock = tlsConnect({
        host: '127.0.0.1',
        port,
        ca: cert.cert,
        servername: SERIAL,
        maxVersion: 'TLSv1.2',
      });
      sock.on('error', () => undefined);
      ftp.dataSocket = sock;
      return res;
    };
    try {
      await raw.connectImplicitTLS(server.host, server.port, {
        ca: cert.cert,
        servername: SERIAL,
        maxVersion: 'TLSv1.2',
      });
      await raw.login('bblp', CODE);
      await raw.useDefaultSettings();
      const before = server.stats.dataRejectedNoReuse;
      const err = await raw.list('/').then(
        () => null,
        (e: unknown) => e as { code?: number },
      );
      expect(err?.code).toBe(522);
      // basic-ftp retries `LIST -a` as `LIST`: each attempt is refused.
      expect(server.stats.dataRejectedNoReuse).toBeGreaterThan(before);
      expect(raw.ftp.socket).toBeInstanceOf(TLSSocket);
    } finally {
      raw.close();
    }
  });
});
