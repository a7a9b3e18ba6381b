import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { ELECTRON_MAIN as MAIN, findElectronBinary } from '../electron/launcher.ts';
import { startVirtualPrinter } from '../sim/virtual-printer.ts';
import { FarmPage } from './pages/farm-page.ts';

const binary = findElectronBinary();
const SKIP_REASON =
  'SKIPPED: the Electron binary is not installed (node_modules/electron/dist is missing; it cannot be downloaded on this machine). The same scenario runs in Chromium against the browser host in farm-grid.spec.ts.';
if (binary === null) console.warn(`[electron.spec] ${SKIP_REASON}`);

test.describe('Electron app', () => {
  test.skip(binary === null, SKIP_REASON);
  test.skip(
    !existsSync(MAIN),
    'SKIPPED: dist/electron/main.mjs is not built: run `npm run build`.',
  );

  // eslint-disable-next-line no-empty-pattern
  test('add a printer and see it go live', async ({}, testInfo) => {
    const vp = await startVirtualPrinter({ model: 'P1S', reportIntervalMs: 300, timeScale: 120 });
    vp.startJob({ file: 'benchy.gcode.3mf', minutes: 120 });
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    const app = await electron.launch({
      ...(binary ? { executablePath: binary } : {}),
      args: [MAIN, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
      env: { ...env, FARMDECK_E2E: '1', FARMDECK_USER_DATA: testInfo.outputPath('user-data') },
    });
    try {
      const farmPage = new FarmPage(await app.firstWindow());
      await expect(farmPage.page.locator('body')).toHaveAttribute('data-app-state', 'ready');
      expect(await farmPage.page.evaluate('typeof window.require')).toBe('undefined');
      const dialog = await farmPage.fillAddForm({
        name: 'Desk P1S',
        host: vp.host,
        port: vp.mqttPort,
        serial: vp.serial,
        accessCode: vp.accessCode,
        caPem: vp.certificatePem,
      });
      await dialog.getByRole('button', { name: 'Add printer' }).click();
      await expect(farmPage.status('Desk P1S')).toHaveText('Printing');
    } finally {
      await app.close();
      await vp.close();
    }
  });
});
