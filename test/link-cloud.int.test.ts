import { afterEach, describe, expect, it } from 'vitest';
import { LinkError, PrinterLink } from '../core/mqtt/printer-link.ts';
import { startVirtualCloud } from '../sim/cloud/virtual-cloud.ts';
import type { VirtualCloud } from '../sim/cloud/virtual-cloud-api.ts';
import { startVirtualPrinter } from '../sim/virtual-printer.ts';
import type { VirtualPrinter } from '../sim/virtual-printer.ts';
import { nextEvent } from './support/link-rig.ts';

// The link through the virtual Bambu cloud's MQTT broker: u_<uid> + token, broker events.

const EMAIL = 'farm@example.com';
const UID = 1_234_567_890;

let cloud: VirtualCloud | undefined;
let printer: VirtualPrinter | undefined;
const links: PrinterLink[] = [];

afterEach(async () => {
  await Promise.all(links.splice(0).map((l) => l.close()));
  await cloud?.close();
  await printer?.close();
  cloud = undefined;
  printer = undefined;
});

async function setup(): Promise<{ cloud: VirtualCloud; printer: VirtualPrinter; port: number }> {
  printer = await startVirtualPrinter({ model: 'P1S', reportIntervalMs: 100 });
  cloud = await startVirtualCloud({
    accounts: [
      {
        email: EMAIL,
        password: 'secret-pass',
        uid: UID,
        devices: [
          { serial: printer.serial, accessCode: printer.accessCode, mqttPort: printer.mqttPort },
        ],
      },
    ],
  });
  const port = Number(new URL(cloud.mqttUrl ?? '').port);
  return { cloud, printer, port };
}

function cloudLink(c: VirtualCloud, p: VirtualPrinter, port: number, token: string): PrinterLink {
  const link = new PrinterLink({
    target: {
      kind: 'cloud',
      region: 'global',
      uid: String(UID),
      token,
      serial: p.serial,
      host: '127.0.0.1',
      port,
    },
    tls: { ca: c.mqttCaPem ?? '' },
    reconnect: { initialMs: 100, maxMs: 500 },
  });
  links.push(link);
  return link;
}

describe('PrinterLink through the cloud broker', () => {
  it('gets the state with u_<uid> + token, commands travel to the printer and back', async () => {
    const { cloud: c, printer: p, port } = await setup();
    const link = cloudLink(c, p, port, c.issueToken(EMAIL));
    link.connect();
    const state = await link.waitForState(20_000);
    expect(state).toMatchObject({ serial: p.serial, model: 'P1S', online: true });
    expect(link.status).toBe('online');
    const err = await link.pause().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LinkError);
    expect(err).toMatchObject({ code: 'command-failed' });
    expect((err as LinkError).message).toContain('no job is running');
    expect(p.received.some((m) => (m['print'] as { command?: unknown })?.command === 'pause')).toBe(
      true,
    );
  });

  it('client.disconnected marks the printer offline while the broker link stays up', async () => {
    const { cloud: c, printer: p, port } = await setup();
    const link = cloudLink(c, p, port, c.issueToken(EMAIL));
    link.connect();
    await link.waitForState(20_000);
    const offline = nextEvent(link, 'state', (s) => !s.online);
    const status = nextEvent(link, 'status', (s) => s === 'offline');
    await p.close();
    printer = undefined;
    expect((await offline)[0].status).toBe('offline');
    await status;
  });

  it('an expired token: auth-failed with a message that says to sign in again, token not shown', async () => {
    const { cloud: c, printer: p, port } = await setup();
    const token = c.issueToken(EMAIL);
    c.expireTokens(EMAIL);
    const link = cloudLink(c, p, port, token);
    link.connect();
    const err = await link.waitForState(20_000).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'auth-failed' });
    expect((err as LinkError).message).toMatch(/sign in again/);
    expect((err as LinkError).message).not.toContain(token);
    expect(link.status).toBe('auth-failed');
  });
});
