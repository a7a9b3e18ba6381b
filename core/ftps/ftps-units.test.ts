import { describe, expect, it } from 'vitest';
import { FtpsError, toFtpsError } from './ftps-error.ts';
import { parsePasvPort } from './passive-transfer.ts';
import { checkRemoteName, printerFileName } from './remote-name.ts';
import { ProgressMeter } from './upload-progress.ts';

describe('ProgressMeter', () => {
  it('reports rate over a sliding window and an ETA', () => {
    let t = 0;
    const m = new ProgressMeter(10_000, () => t, 3000);
    t = 1000;
    expect(m.update(1000)).toMatchObject({
      bytes: 1000,
      percent: 10,
      bytesPerSecond: 1000,
      etaSeconds: 9,
    });
    t = 2000;
    m.update(2000);
    // The link slows down: the window forgets the fast start (it keeps the newest sample
    // that is at least 3 s old: t=2000).
    t = 6000;
    m.update(2400);
    t = 8000;
    const p = m.update(2800);
    expect(p.bytesPerSecond).toBeCloseTo(800 / 6, 5);
    expect(p.etaSeconds).toBeCloseTo(7200 / (800 / 6), 5);
    expect(p.elapsedSeconds).toBe(8);
  });
  it('says 100 % and ETA 0 at the end, null ETA before any rate', () => {
    let t = 0;
    const m = new ProgressMeter(500, () => t);
    expect(m.update(0).etaSeconds).toBeNull();
    t = 10;
    expect(m.update(500)).toMatchObject({ percent: 100, etaSeconds: 0 });
  });
});

describe('remote names', () => {
  it('accepts what FAT storage accepts', () => {
    expect(() => checkRemoteName('cube.gcode.3mf')).not.toThrow();
    expect(() => checkRemoteName('Würfel (2).gcode.3mf')).not.toThrow();
  });
  it.each(['a:b.3mf', 'a?.3mf', 'x/y.3mf', 'trailing.', 'trailing ', '', '..', 'é'.repeat(128)])(
    'refuses %j',
    (name) => {
      expect(() => checkRemoteName(name)).toThrow(FtpsError);
    },
  );
  it('makes a printer-friendly name from a local one', () => {
    expect(printerFileName('My part v2.gcode.3mf')).toBe('My_part_v2.gcode.3mf');
    expect(printerFileName('what?.3mf')).toBe('what.3mf');
    expect(printerFileName('plate')).toBe('plate.gcode.3mf');
    const long = printerFileName(`${'x'.repeat(300)}.gcode.3mf`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(255);
    expect(long.endsWith('.gcode.3mf')).toBe(true);
  });
});

describe('parsePasvPort', () => {
  it('takes only the port (the host may be 0.0.0.0)', () => {
    expect(parsePasvPort('227 Entering Passive Mode (0,0,0,0,195,80).')).toBe(195 * 256 + 80);
    expect(parsePasvPort('227 Entering Passive Mode (192,168,1,20,4,1)')).toBe(1025);
    expect(parsePasvPort('227 nonsense')).toBeNull();
    expect(parsePasvPort('227 (1,2,3,4,999,1)')).toBeNull();
  });
});

describe('toFtpsError', () => {
  const who = 'printer 01P at 10.0.0.2';
  const ftp = (code: number, message: string) => Object.assign(new Error(message), { code });
  it('maps reply codes to actionable errors', () => {
    expect(toFtpsError(ftp(530, '530 Login incorrect.'), who, 'connecting').code).toBe(
      'auth-failed',
    );
    expect(toFtpsError(ftp(552, '552 full'), who, 'uploading a').code).toBe('storage-full');
    expect(toFtpsError(ftp(553, '553 no'), who, 'uploading a').code).toBe('no-storage');
    expect(toFtpsError(ftp(550, '550 no'), who, 'deleting a').code).toBe('not-found');
    const other = toFtpsError(ftp(425, '425 cannot open'), who, 'listing /');
    expect(other).toMatchObject({ code: 'protocol', ftpCode: 425 });
  });
  it('maps socket and TLS failures', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(toFtpsError(refused, who, 'connecting').code).toBe('unreachable');
    const tls = Object.assign(new Error('self-signed'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(toFtpsError(tls, who, 'connecting').code).toBe('tls-untrusted');
    expect(toFtpsError(new Error('Timeout (control socket)'), who, 'x').code).toBe('timeout');
  });
});
