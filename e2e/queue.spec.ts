import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGcode3mf } from '../test/support/threemf-builder.ts';
import { FarmPage } from './pages/farm-page.ts';
import { PrintPage } from './pages/print-page.ts';
import { QueuePage } from './pages/queue-page.ts';
import { expect, test, type RecordsFarm } from './records-fixture.ts';

/** A real file sliced by Bambu Studio for a P1S (one plate, PLA). */
const SLICED = 'test/fixtures-3mf/bambustudio-2.07-p1s-two-objects.gcode.3mf';
const SLICED_NAME = 'bambustudio-2.07-p1s-two-objects.gcode.3mf';
const dir = mkdtempSync(join(tmpdir(), 'farmdeck-e2e-queue-'));
const hinge = join(dir, 'hinge.gcode.3mf');

test.beforeAll(() => {
  writeGcode3mf(hinge, {
    plates: [
      {
        index: 1,
        layers: 20,
        prediction: 900,
        filaments: [{ id: 1, type: 'PLA', color: '#FFFFFF', usedG: 5, usedM: 1.7 }],
      },
    ],
  });
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The queue's job order as the engine answers `queue:get`. */
async function engineOrder(farm: RecordsFarm): Promise<string[]> {
  const view = await farm.engine.handlers()['queue:get']();
  return view.jobs.map((j) => j.fileName);
}

test('add to the queue from the drop dialog, reorder by drag and by keyboard, confirm the bed, see a copy printing', async ({
  recordsFarm,
  records,
  page,
}) => {
  // Three jobs through the real dispatcher on a loaded CI machine: more than the default 90 s.
  test.setTimeout(240_000);
  await recordsFarm.addPrinter('Alpha P1S', { model: 'P1S', ftps: true });
  const farmPage = new FarmPage(page);
  const print = new PrintPage(page);
  const queue = new QueuePage(page);
  await expect(farmPage.status('Alpha P1S')).toHaveText(/Idle|Ready|Finished/i);

  await queue.show();
  await expect(page.getByTestId('queue-empty')).toContainText('Add to queue');

  // First job: 2 copies of the sliced file, dropped on the window.
  await print.dropFile(page.locator('body'), SLICED);
  await print.dialog().getByRole('button', { name: 'Add to queue…' }).click();
  await queue.add({ copies: 2, rule: /Same material, any colour/ });
  await expect(print.dialog()).toBeHidden();
  await expect(page.getByTestId('queue-view')).toBeVisible();
  const first = queue.job(SLICED_NAME);
  await expect(first.getByTestId('queue-counts')).toHaveText('0 of 2 done · 2 queued');
  await expect(first.getByTestId('queue-meta')).toContainText('same material, any colour');

  // Second job: one copy of another file.
  await print.dropFile(page.locator('body'), hinge);
  await print.dialog().getByRole('button', { name: 'Add to queue…' }).click();
  await queue.add({ copies: 1, rule: /Ignore colour/ });
  await expect(print.dialog()).toBeHidden();
  const second = queue.job('hinge.gcode.3mf');
  await expect(second.getByTestId('queue-counts')).toHaveText('0 of 1 done · 1 queued');
  expect(await queue.order()).toEqual([SLICED_NAME, 'hinge.gcode.3mf']);

  // Drag the second job above the first: the UI and the engine agree on the new order.
  await queue.dragBefore(second, first);
  await expect.poll(() => queue.order()).toEqual(['hinge.gcode.3mf', SLICED_NAME]);
  await expect.poll(() => engineOrder(recordsFarm)).toEqual(['hinge.gcode.3mf', SLICED_NAME]);

  // And back with the keyboard-accessible button.
  await page.getByRole('button', { name: `Move ${SLICED_NAME} up` }).click();
  await expect.poll(() => queue.order()).toEqual([SLICED_NAME, 'hinge.gcode.3mf']);
  await expect.poll(() => engineOrder(recordsFarm)).toEqual([SLICED_NAME, 'hinge.gcode.3mf']);

  // Pause and resume the whole queue.
  await page.getByTestId('queue-pause').click();
  await expect(page.getByTestId('queue-paused')).toBeVisible();
  await expect
    .poll(async () => (await recordsFarm.engine.handlers()['queue:get']()).paused)
    .toBe(true);
  await page.getByTestId('queue-pause').click();
  await expect(page.getByTestId('queue-paused')).toHaveCount(0);

  // Nothing starts before a person says the bed is clear.
  await expect(first.getByTestId('queue-waiting')).not.toBeEmpty();
  await records.show('farm');
  await page.getByRole('button', { name: 'Confirm the bed of Alpha P1S is clear' }).click();
  await queue.show();

  // The first job's first copy goes to the printer and prints.
  await expect(first).toHaveAttribute('data-state', 'printing', { timeout: 60_000 });
  await first.getByRole('button', { name: 'Copies' }).click();
  const copy = first.getByTestId('queue-copy').first();
  await expect(copy).toHaveAttribute('data-state', 'printing', { timeout: 60_000 });
  await expect(copy.getByTestId('queue-copy-printer')).toHaveText('Alpha P1S');
  await expect(first.getByTestId('queue-counts')).toContainText('1 printing');
  await records.show('farm');
  await expect(farmPage.status('Alpha P1S')).toHaveText(/Printing/i);

  // From the library: 3 copies of the hinge, for the named printer.
  await records.show('library');
  await records
    .libraryFile('hinge.gcode.3mf')
    .getByRole('button', { name: 'Add to queue…' })
    .click();
  await queue.form().getByRole('radio', { name: 'These printers' }).check();
  await queue.form().getByRole('checkbox', { name: 'Alpha P1S' }).check();
  await queue.add({ copies: 3, rule: /Exact colours/ });
  await expect(page.getByTestId('queue-view')).toBeVisible();
  await expect(queue.jobs()).toHaveCount(3);
  await expect(queue.jobs().nth(2).getByTestId('queue-meta')).toContainText('on Alpha P1S');
  const view = await recordsFarm.engine.handlers()['queue:get']();
  const fromLibrary = view.jobs.at(-1);
  expect(fromLibrary?.fileName).toBe('hinge.gcode.3mf');
  expect(fromLibrary?.counts.queued).toBe(3);
  expect(fromLibrary?.target.kind).toBe('printers');
});
