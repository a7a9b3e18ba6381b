import { createServer, connect as tcpConnect } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LinkError, PrinterLink } from '../core/mqtt/printer-link.ts';
import type { LinkStatus } from '../core/mqtt/printer-link.ts';
import type { VirtualPrinter } from '../sim/virtual-printer.ts';
import { commandsOf, createLinkRig, nextEvent, nextState } from './support/link-rig.ts';

// Failures the link must survive or explain, over real TLS against the virtual printer.

const rig = createLinkRig();
const { printer, linkTo } = rig;
const servers: Server[] = [];

afterEach(async () => {
  await rig.cleanup();
  await Promise.all(
    servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
  );
});

/** A TCP pass-through to the printer that counts connection attempts (the printer cannot). */
async function countingProxy(
  p: VirtualPrinter,
): Promise<{ port: number; connections: () => number }> {
  let count = 0;
  const server = createServer((socket) => {
    count += 1;
    const upstream = tcpConnect(p.mqttPort, p.host);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, connections: () => count };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const nextStatus = (link: PrinterLink, wanted: LinkStatus) =>
  nextEvent(link, 'status', (s) => s === wanted);

describe('PrinterLink failures against the virtual printer', () => {
  it('a printer requiring signed commands: control-refused with the Developer Mode message', async () => {
    const p = await printer({ model: 'P1S', requireSignature: true });
    const link = linkTo(p);
    link.connect();
    const state = await link.waitForState(20_000);
    expect(state.controlRequiresSignature).toBe(true);
    // Reads keep working, control is refused, never silently.
    await expect(link.getVersion()).resolves.toMatchObject({ model: 'P1S' });
    const err = await link.pause().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LinkError);
    expect(err).toMatchObject({ code: 'control-refused', command: 'pause' });
    expect((err as LinkError).message).toBe(
      `printer ${p.serial} requires LAN-only mode with Developer Mode for control: enable both on ` +
        `the printer's screen (Settings > LAN only > Developer Mode)`,
    );
    await expect(link.sendGcode('G28')).rejects.toMatchObject({ code: 'control-refused' });
    // The printer also raises the HMS entry; turning Developer Mode on makes control work.
    await nextState(link, (s) => s.hms.some((h) => h.code === '0500_0500_0001_0007'));
    p.setRequireSignature(false);
    await nextState(link, (s) => !s.controlRequiresSignature);
    await expect(link.setSpeedLevel(1)).resolves.toMatchObject({ result: 'success' });
  });

  it('a wrong access code: auth-failed, an actionable message without the code, no reconnect loop', async () => {
    const p = await printer({ model: 'P1S' });
    const proxy = await countingProxy(p);
    const wrong = 'X9y8Z7w6';
    const link = new PrinterLink({
      target: {
        kind: 'local',
        host: '127.0.0.1',
        port: proxy.port,
        serial: p.serial,
        accessCode: wrong,
      },
      tls: { ca: p.certificatePem },
      reconnect: { initialMs: 50, maxMs: 100 },
    });
    rig.track(link);
    const failed = nextStatus(link, 'auth-failed');
    link.connect();
    const waited = link.waitForState(20_000).catch((e: unknown) => e);
    const [, error] = await failed;
    expect(error?.code).toBe('auth-failed');
    expect(error?.message).toBe(
      `access code rejected by printer ${p.serial}: check the LAN access code on the printer's ` +
        `screen (Settings > LAN only)`,
    );
    expect(error?.message).not.toContain(wrong);
    expect(await waited).toBe(error);
    expect(link.status).toBe('auth-failed');
    // With a 50-100 ms backoff a loop would have made several attempts in this time.
    await new Promise((r) => setTimeout(r, 1500));
    expect(proxy.connections()).toBe(1);
    expect(link.status).toBe('auth-failed');
    expect(link.state).toBeNull();
  });

  it('reconnects after the printer drops the connection, with a fresh pushall', async () => {
    const p = await printer({ model: 'P1S' });
    const link = linkTo(p);
    link.connect();
    await link.waitForState(20_000);
    const pushallsBefore = commandsOf(p, 'pushing', 'pushall').length;
    const offline = nextStatus(link, 'offline');
    const offlineState = nextState(link, (s) => !s.online);
    p.inject('drop');
    const [, dropError] = await offline;
    expect(dropError?.code).toBe('unreachable');
    expect((await offlineState).status).toBe('offline');
    await nextStatus(link, 'online');
    const fresh = await nextState(link, (s) => s.online);
    expect(fresh.serial).toBe(p.serial);
    await expect
      .poll(() => commandsOf(p, 'pushing', 'pushall').length, { timeout: 15_000 })
      .toBeGreaterThan(pushallsBefore);
    await expect(link.pushall()).resolves.toBeUndefined();
  });

  it('goes offline after a silent window and back online when the printer talks again', async () => {
    const p = await printer({ model: 'P1S' });
    const link = linkTo(p, { silenceTimeoutMs: 1500 });
    link.connect();
    await link.waitForState(20_000);
    const offline = nextStatus(link, 'offline');
    const offlineState = nextState(link, (s) => !s.online && s.status === 'offline');
    p.inject('silent');
    await offline;
    await offlineState;
    expect(link.state?.online).toBe(false);
    // The link asked the printer to resume pushes.
    await expect
      .poll(() => commandsOf(p, 'pushing', 'start').length, { timeout: 15_000 })
      .toBeGreaterThan(0);
    const online = nextStatus(link, 'online');
    const back = nextState(link, (s) => s.online);
    p.heal();
    await online;
    expect((await back).status).toBe('idle');
  });

  it('survives a malformed and an oversized message: problem events, still online, next report applied', async () => {
    const p = await printer({ model: 'P1S' });
    const link = linkTo(p, { maxMessageBytes: 1024 * 1024 });
    const statuses: LinkStatus[] = [];
    link.connect();
    await link.waitForState(20_000);
    link.on('status', (s) => statuses.push(s));

    const malformed = nextEvent(link, 'problem', (e) => e.code === 'malformed-message');
    p.inject('malformed');
    const [m] = await malformed;
    expect(m.message).toContain(p.serial);

    const oversized = nextEvent(link, 'problem', (e) => e.code === 'oversized-message');
    p.inject('oversized');
    const [o] = await oversized;
    expect(o.message).toMatch(/over the 1048576-byte limit/);

    p.startJob({ file: 'after.gcode.3mf', minutes: 60 });
    const applied = await nextState(link, (s) => s.jobName === 'after');
    expect(applied.online).toBe(true);
    expect(link.status).toBe('online');
    expect(statuses).toEqual([]);
  });

  it('an unreachable port: status offline with an unreachable error, waitForState rejects', async () => {
    const port = await closedPort();
    const link = new PrinterLink({
      target: {
        kind: 'local',
        host: '127.0.0.1',
        port,
        serial: '01P00A000000001',
        accessCode: '12345678',
      },
      reconnect: { initialMs: 100, maxMs: 200 },
    });
    rig.track(link);
    const offline = nextStatus(link, 'offline');
    link.connect();
    const err = await link.waitForState(20_000).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unreachable' });
    expect((err as LinkError).message).toContain(`127.0.0.1:${port}`);
    expect((err as LinkError).message).toContain('check that it is on');
    expect((err as LinkError).message).not.toContain('12345678');
    await offline;
    // It keeps trying.
    await nextStatus(link, 'connecting');
  });

  it('TLS trust failures: the wrong CA and the default Bambu CAs give tls-untrusted', async () => {
    const p = await printer({ model: 'X1C' });
    const other = await printer({ model: 'X1C' });
    const wrongCa = linkTo(p, { tls: { ca: other.certificatePem } });
    // No tls option: Bambu's printer CAs, which did not sign the simulator's certificate.
    const bambuCas = linkTo(p, { tls: {} });
    for (const link of [wrongCa, bambuCas]) {
      link.connect();
      const err = await link.waitForState(20_000).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'tls-untrusted' });
      expect((err as LinkError).message).toMatch(/--insecure/);
      expect((err as LinkError).message).toMatch(/CA certificate/);
      expect(link.lastError?.code).toBe('tls-untrusted');
      expect(link.status).not.toBe('online');
    }
  });

  it('a serial that does not match the certificate: wrong-serial', async () => {
    const p = await printer({ model: 'P1S' });
    const link = new PrinterLink({
      target: {
        kind: 'local',
        host: p.host,
        port: p.mqttPort,
        serial: '01P00A999999999',
        accessCode: p.accessCode,
      },
      tls: { ca: p.certificatePem },
      reconnect: { initialMs: 100, maxMs: 500 },
    });
    rig.track(link);
    link.connect();
    const err = await link.waitForState(20_000).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'wrong-serial' });
    expect((err as LinkError).message).toContain(p.serial);
  });
});
