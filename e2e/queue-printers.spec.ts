import { PrinterQueuePage } from './pages/printer-queue-page.ts';
import { expect, test } from './records-fixture.ts';

// The queue on printers through the real engine queue (embedded database in a temporary folder),
// virtual printers over TLS, and Chromium.

test('a free printer asks "Bed cleared?"; confirming it clears the bed on the card and in the detail', async ({
  recordsFarm,
  page,
}) => {
  await recordsFarm.addPrinter('Idle P1S', { model: 'P1S' });
  const busy = await recordsFarm.addPrinter('Busy P1S', { model: 'P1S' });
  busy.vp.startJob({ file: 'long.gcode.3mf', minutes: 600, totalLayers: 300 });
  const ui = new PrinterQueuePage(page);
  await ui.open(recordsFarm.host.url);

  // Never confirmed since Farmdeck knows it: the idle printer asks, the printing one does not.
  await expect(ui.bedPrompt('Idle P1S')).toContainText('Bed cleared?');
  await expect(ui.status('Busy P1S')).toHaveAttribute('data-status', 'printing');
  await expect(ui.queueLine('Busy P1S')).toBeVisible();
  await expect(ui.bedPrompt('Busy P1S')).toHaveCount(0);

  await ui.confirmBed('Idle P1S');
  await expect(ui.queueLine('Idle P1S')).toHaveAttribute('data-bed', 'clear');
  await expect(ui.bedPrompt('Idle P1S')).toHaveCount(0);
  await expect(ui.bedState('Idle P1S')).toHaveText('Bed clear');

  await ui.openPrinter('Idle P1S');
  await expect(page.getByTestId('detail-bed')).toHaveAttribute('data-bed', 'clear');
  await expect(page.getByTestId('detail-bed')).toContainText('Bed clear');

  // The waiver asks first; kept, the card says the check is waived.
  await ui.waiver().check();
  await expect(
    page.getByRole('alertdialog', { name: 'Confirm skipping the bed check' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Skip the check' }).click();
  await expect(ui.waiver()).toBeChecked();
  await expect(page.getByTestId('detail-bed')).toContainText('Bed check waived');
  await ui.backToFarm();
  await expect(ui.bedState('Idle P1S')).toHaveText('Bed check waived');
});

test('a group added in the detail shows on the card and filters the grid', async ({
  recordsFarm,
  page,
}) => {
  await recordsFarm.addPrinter('Alpha', { model: 'P1S' });
  await recordsFarm.addPrinter('Bravo', { model: 'A1' });
  await recordsFarm.addPrinter('Charlie', { model: 'X1C' });
  const ui = new PrinterQueuePage(page);
  await ui.open(recordsFarm.host.url);
  await expect(ui.queueLine('Charlie')).toBeVisible();

  await ui.openPrinter('Alpha');
  await ui.addGroup('Rack A');
  await expect(ui.detailTags()).toHaveText(['Rack A×']);
  await ui.backToFarm();
  await ui.openPrinter('Charlie');
  // Typed in another case: joins the farm's existing "Rack A".
  await ui.addGroup('rack a');
  await expect(ui.detailTags()).toHaveText(['Rack A×']);
  await ui.backToFarm();

  await expect(ui.cardTags('Alpha')).toHaveText(['Rack A']);
  await expect(ui.cardTags('Bravo')).toHaveCount(0);
  await expect(ui.groupFilter('Rack A')).toContainText('Rack A 2');
  await ui.groupFilter('Rack A').click();
  await expect(ui.cards()).toHaveCount(2);
  expect(await ui.visibleNames()).toEqual(['Alpha', 'Charlie']);
  await ui.groupFilter('Rack A').click();
  await expect(ui.cards()).toHaveCount(3);
});

test('"Waiting for a person" shows beds to confirm and printers a person must repair', async ({
  recordsFarm,
  page,
}) => {
  await recordsFarm.addPrinter('Unconfirmed', { model: 'P1S' });
  await recordsFarm.addPrinter('Confirmed', { model: 'P1S' });
  const broken = await recordsFarm.addPrinter('HMS error', { model: 'P1S' });
  // Heatbed temperature sensor open circuit: fatal, the queue skips the printer until it is fixed.
  broken.vp.setHms([{ code: '0300_0100_0001_0007' }]);
  const busy = await recordsFarm.addPrinter('Printing', { model: 'P1S' });
  busy.vp.startJob({ file: 'long.gcode.3mf', minutes: 600, totalLayers: 300 });
  const ui = new PrinterQueuePage(page);
  await ui.open(recordsFarm.host.url);
  await expect(ui.status('Printing')).toHaveAttribute('data-status', 'printing');
  await ui.confirmBed('Confirmed');
  await expect(ui.queueLine('Confirmed')).toHaveAttribute('data-bed', 'clear');
  // Its bed confirmed, the broken printer still waits for a person: the card says why.
  await ui.confirmBed('HMS error');
  await expect(ui.queueLine('HMS error')).toHaveAttribute('data-bed', 'clear');
  const exclusion = ui.card('HMS error').getByTestId('exclusion');
  await expect(exclusion).toContainText('HMS error 0300_0100_0001_0007');
  expect(await exclusion.getAttribute('title')).toMatch(/^HMS error 0300_0100_0001_0007: .+/);

  await expect(ui.waitingFilter()).toContainText('Waiting for a person 2');
  await ui.waitingFilter().click();
  await expect(ui.cards()).toHaveCount(2);
  expect(await ui.visibleNames()).toEqual(['HMS error', 'Unconfirmed']);

  // Confirming the last bed leaves the printer a person must repair.
  await ui.confirmBed('Unconfirmed');
  await expect(ui.waitingFilter()).toContainText('Waiting for a person 1');
  await expect(ui.cards()).toHaveCount(1);
  expect(await ui.visibleNames()).toEqual(['HMS error']);
  await ui.waitingFilter().click();
  await expect(ui.cards()).toHaveCount(4);
});
