import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoHistory } from '../demo/demo-history.ts';
import { writeGcode3mf } from '../test/support/threemf-builder.ts';
import { FarmPage } from './pages/farm-page.ts';
import { PrintPage } from './pages/print-page.ts';
import { expect, test, type RecordsFarm } from './records-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'farmdeck-e2e-records-files-'));
const file = join(dir, 'hinge.gcode.3mf');

test.beforeAll(() => {
  writeGcode3mf(file, {
    plates: [
      {
        index: 1,
        layers: 30,
        prediction: 1200,
        filaments: [{ id: 1, type: 'PETG', color: '#1EA096', usedG: 14.5, usedM: 4.8 }],
      },
    ],
  });
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes generated (demo) jobs of the given printers through the engine's records service. */
async function seed(
  farm: RecordsFarm,
  printers: { id: string; name: string; serial: string; model: string }[],
  days: number,
): Promise<number> {
  const jobs = generateDemoHistory(printers, Date.now(), { days });
  for (const job of jobs) await farm.engine.records.addCompletedJob(job);
  return jobs.length;
}

test('History lists the jobs, filters by result and exports the filtered jobs as CSV', async ({
  recordsFarm,
  records,
  page,
}) => {
  const { vp, id } = await recordsFarm.addPrinter('Alpha P1S', { model: 'P1S' });
  const total = await seed(
    recordsFarm,
    [{ id, name: 'Alpha P1S', serial: vp.serial, model: 'P1S' }],
    7,
  );
  await records.show('history');
  await expect(page.getByTestId('history-count')).toContainText(`of ${total} jobs`);
  await expect(records.historyRows().first().locator('.demo-tag')).toHaveText('demo');

  await records.filterResult('Failed');
  await expect(records.historyRows().first()).toHaveAttribute('data-result', 'failed');
  await expect(page.locator('[data-testid="history-row"]:not([data-result="failed"])')).toHaveCount(
    0,
  );
  const failedText = (await page.getByTestId('history-count').textContent()) ?? '';
  const failed = Number(/of (\d+) jobs/.exec(failedText)?.[1]);
  expect(failed).toBeGreaterThan(0);
  expect(failed).toBeLessThan(total);
  await expect(records.historyRows().first().locator('.reason-cell')).not.toBeEmpty();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-csv').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^farmdeck-history-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path()) ?? '', 'utf8')
    .trim()
    .split(/\r\n/);
  expect(csv[0]).toMatch(/^started,/);
  expect(csv).toHaveLength(failed + 1);
  expect(csv.slice(1).every((line) => line.includes(',failed,'))).toBe(true);
});

test('a print sent from Farmdeck ends up in History with duration, result and filament, and its file in the Library', async ({
  recordsFarm,
  records,
  page,
}) => {
  await recordsFarm.addPrinter('Alpha P1S', { model: 'P1S', ftps: true });
  const farmPage = new FarmPage(page);
  const print = new PrintPage(page);
  await expect(farmPage.status('Alpha P1S')).toHaveText(/Idle|Ready|Finished/i);
  await print.dropFile(farmPage.card('Alpha P1S'), file);
  await print
    .dialog()
    .getByRole('button', { name: /Print now/ })
    .click();
  await expect(print.dialog()).toBeHidden();

  await records.show('history');
  const row = records.historyRow('hinge.gcode.3mf');
  await expect(row).toHaveAttribute('data-result', 'finished', { timeout: 60_000 });
  await expect(row.getByTestId('job-duration')).toHaveText(/\d+m|<1m/);
  await expect(row.getByTestId('job-filament')).toContainText('14.5 g');
  await expect(row.getByTestId('job-filament')).toContainText('PETG');

  // Its printer's detail lists it among the recent jobs.
  await records.show('farm');
  await farmPage.openPrinter('Alpha P1S');
  await expect(page.getByTestId('recent-jobs')).toContainText('hinge.gcode.3mf');

  // The library kept the file: print it again from there, then delete it.
  await records.show('library');
  const card = records.libraryFile('hinge.gcode.3mf');
  await expect(card.getByTestId('library-stats')).toContainText('Printed 1×');
  await page.getByLabel('Search the library').fill('PETG');
  await expect(card).toBeVisible();
  await page.getByLabel('Search the library').fill('no such file');
  await expect(card).toHaveCount(0);
  await page.getByLabel('Search the library').fill('');
  await card.getByRole('button', { name: 'Print…' }).click();
  await expect(print.plate(1)).toBeVisible();
  await expect(print.targetBox('Alpha P1S')).toBeVisible();
  await print.dialog().getByRole('button', { name: 'Cancel' }).click();
  await card.getByRole('button', { name: 'Delete…' }).click();
  await card.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(card).toHaveCount(0);
});

test('Statistics shows the generated weeks per printer, labelled as demo data', async ({
  recordsFarm,
  records,
  page,
}) => {
  const a = await recordsFarm.addPrinter('Alpha P1S', { model: 'P1S' });
  const b = await recordsFarm.addPrinter('Bravo X1C', { model: 'X1C' });
  const total = await seed(
    recordsFarm,
    [
      { id: a.id, name: 'Alpha P1S', serial: a.vp.serial, model: 'P1S' },
      { id: b.id, name: 'Bravo X1C', serial: b.vp.serial, model: 'X1C' },
    ],
    21,
  );
  await records.show('statistics');
  await expect(records.tile('jobs')).toContainText(String(total));
  await expect(page.getByTestId('demo-notice')).toContainText(`${total} of these jobs`);
  for (const chart of ['jobs', 'hours', 'filament', 'failures'] as const) {
    await expect(records.chart(chart).locator('.recharts-bar-rectangle').first()).toBeVisible();
  }
  await expect(records.chart('failures')).toContainText('Spaghetti');
  const heatmap = page.getByTestId('utilisation-heatmap');
  await expect(heatmap.locator('g[data-printer]')).toHaveCount(2);
  await expect(heatmap).toContainText('Alpha P1S');

  await page.getByTestId('range-week').click();
  await expect
    .poll(async () => Number(await records.tile('jobs').locator('.value').textContent()))
    .toBeLessThan(total);

  await page.getByLabel('Group by').selectOption('model');
  await expect(page.getByTestId('stats-group')).toHaveCount(2);
  await expect(page.getByTestId('stats-groups')).toContainText('X1C');

  await page.getByLabel('Include demo history').uncheck();
  await expect(records.tile('jobs')).toContainText('0');
  await expect(page.getByTestId('demo-notice')).toHaveCount(0);
});
