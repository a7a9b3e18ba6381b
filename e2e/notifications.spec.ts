import { expect, test } from './farm-fixture.ts';

test('a failure raises a notification that names the printer and opens it', async ({
  farm,
  farmPage,
}) => {
  const vp = await farm.addPrinter('Rack B', { model: 'P1S' });
  vp.startJob({ file: 'bracket.gcode.3mf', minutes: 240, totalLayers: 200 });
  await expect(farmPage.status('Rack B')).toHaveText('Printing');

  // A new HMS error on the printer.
  vp.setHms([{ code: '0300_0100_0001_0007' }]);
  const hms = farmPage.page.locator('[data-testid="toast"][data-kind="hms-error"]');
  await expect(hms).toContainText('New error on Rack B');

  // The print fails (stopped on the printer): a second notification, which opens the printer.
  const id = farm.engine.getSnapshot().printers[0]?.id ?? '';
  await farm.engine.sendCommand(id, { type: 'stop' });
  const failed = farmPage.page.locator('[data-testid="toast"][data-kind="print-failed"]');
  await expect(failed).toContainText('Print failed on Rack B');
  await failed.getByRole('button', { name: /^Print failed on Rack B/ }).click();
  await expect(farmPage.page.getByTestId('printer-detail')).toBeVisible();
  await expect(failed).toBeHidden();
});

test('per-kind switches in settings are saved by the engine', async ({ farm, farmPage }) => {
  const page = farmPage.page;
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const offline = dialog.getByTestId('notify-printer-offline');
  await expect(offline).toBeChecked();
  await offline.uncheck();
  await expect(offline).not.toBeChecked();
  await expect
    .poll(async () => (await farm.engine.handlers()['notify:get-prefs']())['printer-offline'])
    .toBe(false);
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(
    page.getByRole('dialog', { name: 'Settings' }).getByTestId('notify-printer-offline'),
  ).not.toBeChecked();
});
