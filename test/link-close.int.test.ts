import { expect, it } from 'vitest';
import { PrinterLink } from '../core/mqtt/printer-link.ts';
import { startVirtualPrinter } from '../sim/virtual-printer.ts';

// An A1 allows one MQTT session: a link closed mid-handshake must not keep it.
it("a link closed while connecting leaves the printer's only session free", async () => {
  const p = await startVirtualPrinter({ model: 'A1' });
  expect(p.model).toBe('A1');
  const opts = {
    target: {
      kind: 'local' as const,
      host: p.host,
      port: p.mqttPort,
      serial: p.serial,
      accessCode: p.accessCode,
    },
    tls: { insecure: true },
  };
  for (let i = 0; i < 3; i++) {
    const a = new PrinterLink(opts);
    a.connect();
    await new Promise((r) => setTimeout(r, i * 15));
    await a.close();
  }
  const b = new PrinterLink(opts);
  const s = await b.waitForState(8000);
  expect(s.serial).toBe(p.serial);
  await b.close();
  await p.close();
});
