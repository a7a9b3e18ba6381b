import { test as base, expect } from '@playwright/test';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { farmErrorOf } from '../core/farm/farm-errors.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import { startFarmHost, type FarmHost } from '../servers/host/farm-host.ts';
import { findRendererDir } from '../servers/host/renderer-dir.ts';
import type { VirtualCloud } from '../sim/cloud/virtual-cloud-api.ts';
import { startVirtualCloud } from '../sim/cloud/virtual-cloud.ts';
import { startVirtualPrinter } from '../sim/virtual-printer.ts';
import { FarmPage } from './pages/farm-page.ts';

const EMAIL = 'farm@example.com';

/** A virtual cloud whose account (email-code login) owns one running virtual printer, and the app. */
const test = base.extend<{ rig: { cloud: VirtualCloud; host: FarmHost; serial: string } }>({
  // eslint-disable-next-line no-empty-pattern
  rig: async ({}, use) => {
    const printer = await startVirtualPrinter({ model: 'P1S', reportIntervalMs: 300 });
    const cloud = await startVirtualCloud({
      accounts: [
        {
          email: EMAIL,
          password: 'pw-secret',
          uid: 7070,
          login: 'email-code',
          devices: [
            {
              serial: printer.serial,
              accessCode: printer.accessCode,
              mqttPort: printer.mqttPort,
              certificatePem: printer.certificatePem,
              name: 'Garage P1S',
              product: 'P1S',
            },
          ],
        },
      ],
    });
    const engine = await FarmEngine.start({
      settings: createMemorySettingsStore(),
      secrets: createMemorySecretStore(),
      cloud: {
        apiUrl: cloud.apiUrl,
        mqttUrl: cloud.mqttUrl ?? '',
        mqttCaPem: cloud.mqttCaPem ?? '',
      },
    });
    const host = await startFarmHost({
      engine,
      staticDir: findRendererDir(),
      mapError: farmErrorOf,
    });
    await use({ cloud, host, serial: printer.serial });
    await host.close();
    await engine.close();
    await cloud.close();
    await printer.close();
  },
});

test('cloud login with the emailed code lists the account printers with their cloud status', async ({
  page,
  rig,
}) => {
  await new FarmPage(page).open(rig.host.url);
  await page.getByRole('button', { name: 'Cloud account' }).click();
  const panel = page.getByRole('dialog', { name: 'Bambu cloud' });
  await panel.getByLabel('Email of your Bambu account').fill(EMAIL);
  await panel.getByRole('button', { name: 'Email me a code' }).click();
  await expect(panel).toContainText(`Bambu emailed a code to ${EMAIL}`);

  const code = rig.cloud.lastCode(EMAIL) ?? '';
  await panel.getByLabel('Code', { exact: true }).fill(code === '000000' ? '111111' : '000000');
  await panel.getByRole('button', { name: 'Log in' }).click();
  await expect(panel.getByTestId('cloud-error')).toContainText('the code is incorrect');

  await panel.getByLabel('Code', { exact: true }).fill(code);
  await panel.getByRole('button', { name: 'Log in' }).click();
  await expect(panel.getByTestId('cloud-signed-in')).toContainText(EMAIL);
  const row = panel.locator(`[data-testid="cloud-printer"][data-serial="${rig.serial}"]`);
  await expect(row).toContainText('Garage P1S');
  await expect(row.getByTestId('cloud-status')).toContainText('Online in the cloud');
  await expect(row).toContainText('not in the farm');

  await panel.getByRole('button', { name: 'Log out' }).click();
  await expect(panel.getByLabel('Email of your Bambu account')).toBeVisible();
});
