import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGcode3mf, writeProject3mf } from '../test/support/threemf-builder.ts';
import type { VirtualPrinter, VirtualPrinterOptions } from '../sim/virtual-printer.ts';
import { expect, test, type TestFarm } from './farm-fixture.ts';
import { PrintPage } from './pages/print-page.ts';

const dir = mkdtempSync(join(tmpdir(), 'farmdeck-e2e-print-'));
const file = join(dir, 'bracket set.gcode.3mf');
const project = join(dir, 'bracket project.3mf');

test.beforeAll(() => {
  writeGcode3mf(file, {
    plates: [
      { index: 1, layers: 40, prediction: 1800 },
      { index: 2, layers: 123, prediction: 7200, gcodeBytes: 300 * 1024 },
    ],
  });
  writeProject3mf(project);
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A virtual printer with FTPS storage, added to the farm with its FTPS port. */
async function addWithStorage(
  farm: TestFarm,
  name: string,
  options: VirtualPrinterOptions,
): Promise<VirtualPrinter> {
  const vp = await farm.startPrinter(options);
  await farm.engine.addPrinter({
    ...farm.detailsOf(vp, name),
    ...(vp.ftpsPort !== undefined ? { ftpsPort: vp.ftpsPort } : {}),
  });
  return vp;
}

const projectFileParam = (vp: VirtualPrinter) =>
  vp.received
    .map((m) => m['print'] as { command?: string; param?: string } | undefined)
    .filter((p) => p?.command === 'project_file')
    .at(-1)?.param;

test('drop a file on a selection of two cards: both print the chosen plate', async ({
  farm,
  farmPage,
  page,
}) => {
  const a = await addWithStorage(farm, 'Alpha P1S', { model: 'P1S', ftps: true });
  const b = await addWithStorage(farm, 'Bravo P1S', { model: 'P1S', ftps: true });
  await addWithStorage(farm, 'Xray X1C', { model: 'X1C', ftps: true });
  const print = new PrintPage(page);
  for (const name of ['Alpha P1S', 'Bravo P1S', 'Xray X1C']) {
    await expect(farmPage.status(name)).toHaveText(/Idle|Ready|Finished/i);
  }
  await print.pick('Alpha P1S');
  await print.pick('Bravo P1S');
  await print.dropFile(farmPage.card('Alpha P1S'), file);

  await expect(print.plate(1)).toBeVisible();
  await expect(print.dialog().locator('img.plate-thumb').first()).toBeVisible();
  await print.plate(2).click();
  await expect(print.plate(2)).toHaveAttribute('aria-checked', 'true');
  await expect(print.targetBox('Alpha P1S')).toBeChecked();
  await expect(print.targetBox('Bravo P1S')).toBeChecked();
  // The X1C is not offered, and the dialog says why.
  await expect(print.targetBox('Xray X1C')).toHaveCount(0);
  await expect(print.notOffered()).toContainText('Xray X1C');
  await expect(print.notOffered()).toContainText('sliced for the P1S');
  await print.dialog().getByRole('button', { name: 'Print now on 2 printers' }).click();
  await expect(print.dialog()).toBeHidden();

  for (const name of ['Alpha P1S', 'Bravo P1S']) {
    await expect(print.jobTarget(name)).toHaveAttribute('data-phase', 'printing', {
      timeout: 60_000,
    });
    await expect(farmPage.card(name).getByText('bracket_set')).toBeVisible();
    await expect(farmPage.card(name)).toContainText(/Layer \d+\/123/);
  }
  expect(projectFileParam(a)).toBe('Metadata/plate_2.gcode');
  expect(projectFileParam(b)).toBe('Metadata/plate_2.gcode');

  // The file is on the printer: its detail lists it.
  await farmPage.openPrinter('Alpha P1S');
  await expect(print.printerFile('bracket_set.gcode.3mf')).toBeVisible();
});

test('a failing upload on one printer leaves the other printing', async ({
  farm,
  farmPage,
  page,
}) => {
  await addWithStorage(farm, 'Good P1S', { model: 'P1S', ftps: true });
  await addWithStorage(farm, 'No card P1S', { model: 'P1S', ftps: { storagePresent: false } });
  const print = new PrintPage(page);
  await expect(farmPage.status('Good P1S')).toHaveText(/Idle|Ready|Finished/i);
  await expect(farmPage.status('No card P1S')).toHaveText(/Idle|Ready|Finished/i);

  // Dropped outside any card: the dialog asks which printers.
  await print.dropFile(page.getByTestId('farm-grid'), file);
  await print.plate(1).click();
  await print.targetBox('Good P1S').check();
  await print.targetBox('No card P1S').check();
  await print.dialog().getByRole('button', { name: 'Print now on 2 printers' }).click();

  const failed = print.jobTarget('No card P1S');
  await expect(failed).toHaveAttribute('data-phase', 'failed', { timeout: 60_000 });
  await expect(failed.getByRole('alert')).toContainText('SD card or USB drive');
  await expect(failed.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(print.jobTarget('Good P1S')).toHaveAttribute('data-phase', 'printing', {
    timeout: 60_000,
  });
  await expect(farmPage.card('Good P1S').getByText('bracket_set')).toBeVisible();
});

test('a printer that never answers the start shows "not confirmed yet", then printing', async ({
  farm,
  farmPage,
  page,
}) => {
  // Quirk of real printers: no project_file reply; the job shows after the 10 s reply timeout.
  await addWithStorage(farm, 'Quiet P1S', {
    model: 'P1S',
    ftps: true,
    quirks: ['no-project-reply'],
    projectReply: { jobDelayMs: 13_000 },
  });
  await expect(farmPage.status('Quiet P1S')).toHaveText(/Idle|Ready|Finished/i);
  const print = new PrintPage(page);
  await print.dropFile(farmPage.card('Quiet P1S'), file);
  await print.plate(1).click();
  await print.dialog().getByRole('button', { name: 'Print now' }).click();
  const target = print.jobTarget('Quiet P1S');
  await expect(target).toHaveAttribute('data-phase', 'unconfirmed', { timeout: 30_000 });
  await expect(target).toContainText('not confirmed yet');
  await expect(target.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await expect(target).toHaveAttribute('data-phase', 'printing', { timeout: 30_000 });
  await expect(farmPage.card('Quiet P1S').getByText('bracket_set')).toBeVisible();
});

test('a project that is not sliced is refused in the dialog with the reason', async ({
  farm,
  farmPage,
  page,
}) => {
  await addWithStorage(farm, 'Solo P1S', { model: 'P1S', ftps: true });
  await expect(farmPage.cards()).toHaveCount(1);
  const print = new PrintPage(page);
  await print.dropFile(farmPage.card('Solo P1S'), project);
  await expect(print.refusal()).toContainText('contains no sliced G-code');
  await expect(print.refusal()).toContainText('Export plate sliced file');
});
