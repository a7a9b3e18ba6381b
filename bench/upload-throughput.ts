/**
 * Upload throughput to the virtual printer's FTPS server (implicit TLS 1.2, session reuse,
 * temporary name + SIZE check + rename) against raw TLS 1.2 throughput over the same loopback
 * in the same run. The ratio FTPS / raw TLS is the figure: it shows what the FTP protocol, the
 * data-channel setup and our client cost on top of TLS itself, independent of the machine.
 *
 * Run: `npm run build && node dist/bench/upload-throughput.js [sizeMB=128] [runs=3]`
 * (tsconfig.build.json compiles bench/ to dist/bench/).
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdtempSync,
  openSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { connect, createServer, type TLSSocket } from 'node:tls';
import { FtpsClient } from '../core/ftps/ftps-client.ts';
import { installProcessGuards } from '../core/util/process-guard.ts';
import { createPrinterCertificate } from '../sim/certificate.ts';
import { startVirtualFtps } from '../sim/ftps/ftps-server.ts';

const SERIAL = '01P00ABENCH0001';
const CODE = '13572468';
installProcessGuards('bench upload');
const sizeMb = Number(process.argv[2] ?? 128);
const runs = Number(process.argv[3] ?? 3);

const dir = mkdtempSync(join(tmpdir(), 'farmdeck-bench-'));
const file = join(dir, 'bench.gcode.3mf');
const bytes = sizeMb * 1024 * 1024;
{
  const fd = openSync(file, 'w');
  const chunk = randomBytes(1024 * 1024);
  for (let left = bytes; left > 0; left -= chunk.length)
    writeSync(fd, chunk, 0, Math.min(left, chunk.length));
  closeSync(fd);
}
const cert = await createPrinterCertificate(SERIAL);

/**
 * Seconds to push the file through one TLS 1.2 connection to a server that discards it, or
 * (`toDisk`) writes it to a file like the virtual printer's card does.
 */
async function rawTls(toDisk: boolean): Promise<number> {
  let received = 0;
  let done: () => void = () => undefined;
  const allIn = new Promise<void>((r) => (done = r));
  const server = createServer(
    { cert: cert.cert, key: cert.key, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' },
    (s: TLSSocket) => {
      const out = toDisk ? createWriteStream(join(dir, 'raw.bin')) : null;
      s.on('data', (c: Buffer) => {
        received += c.length;
        if (out && !out.write(c)) {
          s.pause();
          out.once('drain', () => s.resume());
        }
        if (received >= bytes) {
          if (out) out.end(() => done());
          else done();
        }
      });
      s.on('error', () => undefined);
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const sock = connect({
    host: '127.0.0.1',
    port,
    ca: cert.cert,
    servername: SERIAL,
    maxVersion: 'TLSv1.2',
  });
  await new Promise<void>((r) => sock.once('secureConnect', () => r()));
  const start = performance.now();
  await pipeline(createReadStream(file, { highWaterMark: 256 * 1024 }), sock);
  await allIn;
  const seconds = (performance.now() - start) / 1000;
  server.close();
  return seconds;
}

/** Seconds for a full FtpsClient upload (connected beforehand, like the raw TLS case). */
async function ftpsUpload(port: number): Promise<number> {
  const client = await FtpsClient.connect({
    host: '127.0.0.1',
    port,
    serial: SERIAL,
    accessCode: CODE,
    tls: { ca: cert.cert },
  });
  const start = performance.now();
  await client.upload(file, '/bench.gcode.3mf');
  const seconds = (performance.now() - start) / 1000;
  client.close();
  return seconds;
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ftps = await startVirtualFtps({
  certificate: cert,
  accessCode: CODE,
  storageDir: join(dir, 'card'),
});
const raw: number[] = [];
const rawDisk: number[] = [];
const up: number[] = [];
for (let i = 0; i < runs; i++) {
  raw.push(await rawTls(false));
  rawDisk.push(await rawTls(true));
  up.push(await ftpsUpload(ftps.port));
}
await ftps.close();
rmSync(dir, { recursive: true, force: true });

const mbps = (s: number): number => bytes / 1e6 / s;
const result = {
  sizeMB: sizeMb,
  runs,
  rawTlsMBps: Number(mbps(median(raw)).toFixed(1)),
  rawTlsToDiskMBps: Number(mbps(median(rawDisk)).toFixed(1)),
  ftpsUploadMBps: Number(mbps(median(up)).toFixed(1)),
  /** The figure: FTPS upload / raw TLS on the same loopback. */
  ratio: Number((median(raw) / median(up)).toFixed(3)),
  /** Same, against raw TLS that also writes the bytes to disk as the virtual card does. */
  ratioToDisk: Number((median(rawDisk) / median(up)).toFixed(3)),
  node: process.version,
};
console.log(JSON.stringify(result));
