/**
 * `bambu-sim-cloud`: starts a virtual Bambu cloud on loopback with virtual printers bound to a
 * demo account, and prints where everything listens. Email codes appear on stdout (and at
 * `GET /admin/codes/<email>`), as a real email would arrive.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startVirtualFarm } from '../virtual-printer.ts';
import type { SimModel } from '../virtual-printer-api.ts';
import type { AccountLogin } from './virtual-cloud-api.ts';
import { startVirtualCloud } from './virtual-cloud.ts';

const USAGE = `Usage: bambu-sim-cloud [options]

Starts a virtual Bambu cloud (REST + MQTT) with virtual printers bound to one account.

  --port PORT         HTTP port of the REST API (default 0: any free port)
  --mqtt-port PORT    cloud MQTT/TLS port (default 0: any free port)
  --email EMAIL       account (default demo@farmdeck.local)
  --password PW       its password (default farmdeck)
  --login KIND        password | email-code | totp (default email-code)
  --totp-secret B32   base32 secret for --login totp (default JBSWY3DPEHPK3PXP)
  --printers N        virtual printers to start and bind (default 2: a P1S and an X1C)
  --ca-out FILE       write the MQTT broker's certificate (PEM) here, for --mqtt-ca
  -h, --help          this text`;

const CLOUD_PRODUCT: Record<SimModel, string> = {
  X1C: 'X1 Carbon',
  X1E: 'X1E',
  P1S: 'P1S',
  P1P: 'P1P',
  A1: 'A1',
  'A1 mini': 'A1 mini',
  A2L: 'A2L',
  H2D: 'H2D',
  P2S: 'P2S',
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'mqtt-port': { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      login: { type: 'string' },
      'totp-secret': { type: 'string' },
      printers: { type: 'string' },
      'ca-out': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    console.log(USAGE);
    return;
  }
  const login = (values.login ?? 'email-code') as AccountLogin;
  if (!['password', 'email-code', 'totp'].includes(login)) throw new Error(`--login ${login}?`);
  const count = Number(values.printers ?? 2);
  const models: SimModel[] = ['P1S', 'X1C', 'A1', 'P1P', 'H2D', 'A1 mini', 'P2S', 'X1E'];
  const printers = await startVirtualFarm(
    Array.from({ length: count }, (_, i) => ({
      model: models[i % models.length] ?? 'P1S',
      name: `Virtual ${i + 1}`,
    })),
  );
  const email = values.email ?? 'demo@farmdeck.local';
  const cloud = await startVirtualCloud({
    httpPort: Number(values.port ?? 0),
    mqttPort: Number(values['mqtt-port'] ?? 0),
    accounts: [
      {
        email,
        password: values.password ?? 'farmdeck',
        login,
        totpSecret: values['totp-secret'] ?? 'JBSWY3DPEHPK3PXP',
        devices: printers.map((p, i) => ({
          serial: p.serial,
          accessCode: p.accessCode,
          host: p.host,
          mqttPort: p.mqttPort,
          certificatePem: p.certificatePem,
          name: `Virtual ${i + 1}`,
          product: CLOUD_PRODUCT[p.model],
        })),
      },
    ],
    log: (line) => console.log(`[cloud] ${line}`),
  });
  if (values['ca-out'] !== undefined && cloud.mqttCaPem !== null) {
    writeFileSync(values['ca-out'], cloud.mqttCaPem);
  }
  console.log(
    JSON.stringify({
      apiUrl: cloud.apiUrl,
      mqttUrl: cloud.mqttUrl,
      account: email,
      login,
      printers: printers.map((p) => ({ serial: p.serial, model: p.model, mqttPort: p.mqttPort })),
    }),
  );
  const stop = () => {
    void Promise.all([cloud.close(), ...printers.map((p) => p.close())]).then(() =>
      process.exit(0),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`bambu-sim-cloud: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
