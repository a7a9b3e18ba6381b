import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FtpsClient, type FtpsConnectOptions } from '../core/ftps/ftps-client.ts';
import { FtpsError } from '../core/ftps/ftps-error.ts';
import { createPrinterCertificate, type SimCertificate } from '../sim/certificate.ts';
import { startVirtualFtps, type VirtualFtps } from '../sim/ftps/ftps-server.ts';
import { FTPS_QUIRKS, ftpsQuirkEntries, ftpsQuirkOptions } from '../sim/ftps/ftps-quirks.ts';

const SERIAL = '03919A000000001';
const CODE = '12345678';
const work = mkdtempSync(join(tmpdir(), 'farmdeck-ftps-quirks-'));
let cert: SimCertificate;
const servers: VirtualFtps[] = [];

function localFile(name: string, bytes: number): string {
  const p = join(work, name);
  writeFileSync(p, randomBytes(bytes));
  return p;
}

async function server(quirks: string[]): Promise<VirtualFtps> {
  const s = await startVirtualFtps({
    certificate: cert,
    accessCode: CODE,
    ...ftpsQuirkOptions(quirks),
  });
  servers.push(s);
  return s;
}

function options(s: VirtualFtps, over: Partial<FtpsConnectOptions> = {}): FtpsConnectOptions {
  return {
    host: s.host,
    port: s.port,
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

beforeAll(async () => {
  cert = await createPrinterCertificate(SERIAL);
});
afterAll(async () => {
  for (const s of servers) {
    await s.close();
    rmSync(s.storageDir, { recursive: true, force: true });
  }
  rmSync(work, { recursive: true, force: true });
});

describe('quirk no-rename: an FTP server that refuses RNFR', () => {
  it('is a named switch of the virtual FTPS server', async () => {
    expect(Object.keys(FTPS_QUIRKS).sort()).toEqual(['hang-prot-p', 'no-rename']);
    const s = await server(['no-rename']);
    const client = await FtpsClient.connect(options(s));
    try {
      writeFileSync(join(s.storageDir, 'a.gcode.3mf'), 'x');
      const err = await failure(client.rename('/a.gcode.3mf', '/b.gcode.3mf'));
      expect(err.ftpCode).toBe(550);
    } finally {
      client.close();
    }
  });

  it('uploads straight to the final name, checked by SIZE, without any rename', async () => {
    const s = await server(['no-rename']);
    const src = localFile('direct.gcode.3mf', 700_000);
    const client = await FtpsClient.connect(options(s));
    try {
      const res = await client.upload(src, '/direct.gcode.3mf');
      expect(res).toMatchObject({ remotePath: '/direct.gcode.3mf', bytes: 700_000 });
      expect(readFileSync(join(s.storageDir, 'direct.gcode.3mf')).equals(readFileSync(src))).toBe(
        true,
      );
      expect(s.stats.renames).toBe(0);
      expect(readdirSync(s.storageDir).filter((n) => n.includes('direct'))).toEqual([
        'direct.gcode.3mf',
      ]);
    } finally {
      client.close();
    }
  });

  it('leaves no file when the connection drops mid-upload', async () => {
    const s = await server(['no-rename']);
    const src = localFile('drop.gcode.3mf', 48 * 1024 * 1024);
    const client = await FtpsClient.connect(options(s));
    try {
      let dropped = false;
      const err = await failure(
        client.upload(src, '/drop.gcode.3mf', {
          progressIntervalMs: 0,
          onProgress: (p) => {
            if (!dropped && p.bytes > 4 * 1024 * 1024) {
              dropped = true;
              s.dropConnections();
            }
          },
        }),
      );
      expect(dropped).toBe(true);
      expect(['unreachable', 'protocol', 'incomplete']).toContain(err.code);
      await expect
        .poll(() => existsSync(join(s.storageDir, 'drop.gcode.3mf')), { timeout: 10_000 })
        .toBe(false);
    } finally {
      client.close();
    }
  });

  it('leaves no file when the upload is cancelled', async () => {
    const s = await server(['no-rename']);
    const src = localFile('cancel.gcode.3mf', 48 * 1024 * 1024);
    const client = await FtpsClient.connect(options(s));
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
        .poll(() => existsSync(join(s.storageDir, 'cancel.gcode.3mf')), { timeout: 10_000 })
        .toBe(false);
      // Still usable afterwards.
      expect((await client.list('/')).some((e) => e.name === 'cancel.gcode.3mf')).toBe(false);
    } finally {
      client.close();
    }
  });
});

describe('quirk hang-prot-p: an A1 whose encrypted data channel hangs', () => {
  it('with dataChannel auto, falls back to PROT C once and reports it', async () => {
    const s = await server(['hang-prot-p']);
    const src = localFile('a1.gcode.3mf', 300_000);
    let fallbacks = 0;
    const client = await FtpsClient.connect(
      options(s, {
        dataChannel: 'auto',
        dataTimeoutMs: 1000,
        onDataChannelFallback: () => fallbacks++,
      }),
    );
    try {
      expect(client.dataChannel).toBe('private');
      const res = await client.upload(src, '/a1.gcode.3mf');
      expect(res.dataChannel).toBe('clear');
      expect(client.dataChannel).toBe('clear');
      expect(fallbacks).toBe(1);
      expect(s.stats.dataHung).toBe(1);
      expect(readFileSync(join(s.storageDir, 'a1.gcode.3mf')).equals(readFileSync(src))).toBe(true);
      // Later transfers of this session stay clear.
      expect((await client.list('/')).some((e) => e.name === 'a1.gcode.3mf')).toBe(true);
      expect(s.stats.dataHung).toBe(1);
    } finally {
      client.close();
    }
  });

  it('goes straight to PROT C when the mode is remembered', async () => {
    const s = await server(['hang-prot-p']);
    const client = await FtpsClient.connect(
      options(s, { dataChannel: 'clear', dataTimeoutMs: 1000 }),
    );
    try {
      const res = await client.upload(localFile('again.gcode.3mf', 1000), '/again.gcode.3mf');
      expect(res.dataChannel).toBe('clear');
      expect(s.stats.dataHung).toBe(0);
    } finally {
      client.close();
    }
  });

  it('falls back on a listing too', async () => {
    const s = await server(['hang-prot-p']);
    let fallbacks = 0;
    const client = await FtpsClient.connect(
      options(s, {
        dataChannel: 'auto',
        dataTimeoutMs: 1000,
        onDataChannelFallback: () => fallbacks++,
      }),
    );
    try {
      const names = (await client.list('/')).map((e) => e.name);
      expect(names).toContain('cache');
      expect(fallbacks).toBe(1);
    } finally {
      client.close();
    }
  });

  it('without fallback, says the data channel hung and leaves no file', async () => {
    const s = await server(['hang-prot-p']);
    const client = await FtpsClient.connect(options(s, { dataTimeoutMs: 1000 }));
    try {
      const err = await failure(
        client.upload(localFile('stuck.gcode.3mf', 1000), '/stuck.gcode.3mf'),
      );
      expect(err.code).toBe('timeout');
      expect(err.dataChannel).toBe(true);
      expect(err.message).toMatch(/encrypted data channel .* did not carry stuck\.gcode\.3mf/);
      expect(existsSync(join(s.storageDir, 'stuck.gcode.3mf'))).toBe(false);
    } finally {
      client.close();
    }
  });
});

describe('the FTPS quirk names for another registry', () => {
  it('hands each quirk to a builder with its description, source and options', () => {
    const entries = ftpsQuirkEntries((description, source, ftps) => ({
      description,
      source,
      ftps,
    }));
    expect(entries['no-rename']).toMatchObject({ ftps: { refuseRename: true } });
    expect(entries['hang-prot-p'].source).toMatch(/quirks\.md/);
    expect(ftpsQuirkOptions(['hang-prot-p', 'no-msg'])).toEqual({ hangEncryptedData: true });
  });
});
