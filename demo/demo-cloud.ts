import type { CloudAccountOptions } from '../core/farm/cloud-account.ts';
import type { VirtualCloud } from '../sim/cloud/virtual-cloud-api.ts';
import { startVirtualCloud } from '../sim/cloud/virtual-cloud.ts';
import type { VirtualPrinter } from '../sim/virtual-printer-api.ts';

/** The demo's Bambu account: log in with this email; the "emailed" code is printed on the console. */
export const DEMO_CLOUD_EMAIL = 'demo@farmdeck.test';

const PRODUCT: Record<string, string> = { X1C: 'X1 Carbon', X1E: 'X1E', 'A1 mini': 'A1 mini' };

/**
 * A virtual Bambu cloud whose email-code account owns `printers` (its relay holds one MQTT session on
 * each, so pass models that accept several: not the A1 family). Returns the engine's cloud options.
 */
export async function startDemoCloud(
  printers: readonly VirtualPrinter[],
): Promise<{ cloud: VirtualCloud; options: CloudAccountOptions }> {
  const cloud = await startVirtualCloud({
    accounts: [
      {
        email: DEMO_CLOUD_EMAIL,
        password: 'demo-password',
        uid: 1_000_001,
        login: 'email-code',
        devices: printers.map((p, i) => ({
          serial: p.serial,
          accessCode: p.accessCode,
          mqttPort: p.mqttPort,
          certificatePem: p.certificatePem,
          name: `Cloud ${p.model} ${i + 1}`,
          product: PRODUCT[p.model] ?? p.model,
        })),
      },
    ],
    log: (line) => {
      if (line.includes(' code for ')) console.log(`[virtual cloud] ${line}`);
    },
  });
  return {
    cloud,
    options: {
      apiUrl: cloud.apiUrl,
      ...(cloud.mqttUrl === null ? {} : { mqttUrl: cloud.mqttUrl }),
      ...(cloud.mqttCaPem === null ? {} : { mqttCaPem: cloud.mqttCaPem }),
    },
  };
}
