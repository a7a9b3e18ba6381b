import { afterEach } from 'vitest';
import { startVirtualPrinter } from '../virtual-printer.ts';
import type { VirtualPrinter, VirtualPrinterOptions } from '../virtual-printer-api.ts';
import { connectTestClient, type TestClient } from './mqtt-test-client.ts';

/** Starts printers and clients for one test file and closes them all after each test. */
export function usePrinterPool() {
  const printers: VirtualPrinter[] = [];
  const clients: TestClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.end()));
    await Promise.all(printers.splice(0).map((p) => p.close()));
  });
  return {
    async start(options: VirtualPrinterOptions): Promise<VirtualPrinter> {
      const p = await startVirtualPrinter({ reportIntervalMs: 100, ...options });
      printers.push(p);
      return p;
    },
    async connect(p: VirtualPrinter): Promise<TestClient> {
      const c = await connectTestClient(p);
      clients.push(c);
      return c;
    },
  };
}
