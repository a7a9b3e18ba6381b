import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrinterLink, type LinkError, type LinkStatus } from '../core/mqtt/printer-link.ts';
import type { PrinterState } from '../shared/printer-state.ts';
import { loadFixture } from './fixtures.ts';
import { requireMosquitto, startMosquitto, type MosquittoBroker } from './support/mosquitto.ts';

// A broker we did not write, set up like a printer's: TLS with a certificate whose CN is the
// serial, user bblp with the access code, nothing anonymous.
const SERIAL = '00M09A350100042';
const ACCESS_CODE = 'a1B2c3D4';
const REPORT = `device/${SERIAL}/report`;
const REQUEST = `device/${SERIAL}/request`;

function waitForStatus(link: PrinterLink, wanted: LinkStatus, timeoutMs = 20_000) {
  return new Promise<LinkError | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(`link never became ${wanted} (now ${link.status}, ${link.lastError?.message})`),
      );
    }, timeoutMs);
    link.on('status', (status: LinkStatus, err: LinkError | null) => {
      if (status !== wanted) return;
      clearTimeout(timer);
      resolve(err);
    });
  });
}

function nextState(link: PrinterLink, predicate: (s: PrinterState) => boolean, timeoutMs = 20_000) {
  return new Promise<PrinterState>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching state')), timeoutMs);
    link.on('state', (s: PrinterState) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      resolve(s);
    });
  });
}

describe('PrinterLink against Debian mosquitto', () => {
  let broker: MosquittoBroker;

  beforeAll(async () => {
    broker = await startMosquitto(SERIAL, ACCESS_CODE);
  }, 60_000);

  afterAll(async () => {
    await broker?.close();
  });

  const linkWith = (accessCode: string) =>
    new PrinterLink({
      target: { kind: 'local', host: '127.0.0.1', port: broker.port, serial: SERIAL, accessCode },
      // The generated CA; the link checks the certificate names the serial (SNI = serial).
      tls: { ca: broker.caPem },
      reconnect: { initialMs: 200, maxMs: 1000 },
    });

  it('normalizes real reports published by mosquitto_pub, and its commands reach the request topic', async () => {
    const requests = await broker.subscribe(REQUEST);
    const link = linkWith(ACCESS_CODE);
    try {
      link.connect();
      // The link subscribes before it asks for a full report, so once its pushall is on the
      // request topic, reports published from now on reach it.
      const pushall = await requests.waitFor((m) => isCommand(m, 'pushing', 'pushall'));
      expect(link.status).toBe('online');
      expect(Object.keys(pushall)).toEqual(['pushing']);
      expect(typeof (pushall['pushing'] as Record<string, unknown>)['sequence_id']).toBe('string');

      const first = link.waitForState(20_000);
      await broker.publish(REPORT, loadFixture('mqtt-get_version-x1c.json'));
      await broker.publish(REPORT, loadFixture('mqtt-pushall-x1c.json'));
      const state = await first;
      expect(state).toMatchObject({
        serial: SERIAL,
        model: 'X1C',
        online: true,
        status: 'finished',
        gcodeState: 'FINISH',
        progress: 100,
        layer: 480,
        totalLayers: 480,
        jobName: 'Garden Hose Healer: Male fitting',
        bed: { temp: 23, target: 0 },
      });
      expect(state.nozzles[0]).toMatchObject({ temp: 26, target: 0 });
      expect(state.ams.length).toBeGreaterThan(0);

      // A P1-style delta: only the changed keys, msg 1. This firmware also sends packed
      // temperatures (device.bed.info.temp = target << 16 | current), which win over the flat ones.
      const heated = nextState(link, (s) => s.bed.temp === 55);
      await broker.publish(REPORT, {
        print: {
          command: 'push_status',
          msg: 1,
          sequence_id: '44254',
          bed_temper: 55,
          bed_target_temper: 60,
          device: { bed: { info: { temp: (60 << 16) | 55 } } },
          gcode_state: 'RUNNING',
          mc_percent: 12,
          layer_num: 7,
        },
      });
      const merged = await heated;
      expect(merged).toMatchObject({
        status: 'printing',
        progress: 12,
        layer: 7,
        totalLayers: 480,
        bed: { temp: 55, target: 60 },
        jobName: 'Garden Hose Healer: Male fitting',
      });
      // Untouched branches of the nested device object are kept.
      expect(merged.nozzles[0]).toMatchObject({ temp: 26 });
      expect(merged.chamber).toEqual(state.chamber);

      // A control command goes out on the request topic; we answer it as the printer would
      // (same class, command and sequence_id, plus a result) and the link matches the reply.
      const pause = link.pause();
      const sent = await requests.waitFor((m) => isCommand(m, 'print', 'pause'));
      expect(Object.keys(sent)).toEqual(['print']);
      const body = sent['print'] as Record<string, unknown>;
      expect(body).toMatchObject({ command: 'pause', param: '' });
      await broker.publish(REPORT, { print: { ...body, result: 'success', reason: '' } });
      expect(await pause).toMatchObject({
        command: 'pause',
        result: 'success',
        sequenceId: body['sequence_id'],
      });
    } finally {
      await link.close();
    }
  });

  it('a wrong access code is refused: status auth-failed, a message without the code', async () => {
    const wrong = 'zz99yy88';
    const link = linkWith(wrong);
    try {
      const refused = waitForStatus(link, 'auth-failed');
      link.connect();
      const err = await refused;
      expect(err?.code).toBe('auth-failed');
      expect(link.lastError?.code).toBe('auth-failed');
      expect(err?.message).toMatch(/access code/);
      expect(err?.message).not.toContain(wrong);
      expect(link.state).toBeNull();
    } finally {
      await link.close();
    }
  });
  it('a link for another serial refuses the certificate, which names this serial', async () => {
    const link = new PrinterLink({
      target: {
        kind: 'local',
        host: '127.0.0.1',
        port: broker.port,
        serial: '01P00A000000001',
        accessCode: ACCESS_CODE,
      },
      tls: { ca: broker.caPem },
    });
    try {
      await expect(link.waitForState(20_000)).rejects.toMatchObject({ code: 'wrong-serial' });
      expect(link.lastError?.message).toContain(SERIAL);
    } finally {
      await link.close();
    }
  });
});

describe('requireMosquitto', () => {
  it('fails (not skips) with the install command when mosquitto is missing', () => {
    const path = process.env['PATH'];
    process.env['PATH'] = '/nonexistent';
    try {
      expect(() => requireMosquitto()).toThrow(
        'install mosquitto (apt-get install mosquitto mosquitto-clients)',
      );
    } finally {
      if (path === undefined) delete process.env['PATH'];
      else process.env['PATH'] = path;
    }
  });
});

function isCommand(m: Record<string, unknown>, cls: string, command: string): boolean {
  const body = m[cls];
  return (
    typeof body === 'object' && body !== null && (body as { command?: unknown }).command === command
  );
}
