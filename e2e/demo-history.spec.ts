import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startAppDemo } from '../demo/app-demo.ts';
import { writeDemoSamples } from '../demo/demo-samples.ts';
import { FarmPage } from './pages/farm-page.ts';
import { RecordsPage } from './pages/records-page.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'farmdeck-e2e-demo-data-'));
test.afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

test.setTimeout(240_000);

test('in the demo, a finished print is in History with duration, result and filament, and still there after a restart on the same data folder', async ({
  page,
}) => {
  const sample = writeDemoSamples().find((p) => p.endsWith('cable-clip-A1mini.gcode.3mf'));
  if (!sample) throw new Error('the demo sample cable-clip-A1mini.gcode.3mf was not written');
  const farm = new FarmPage(page);
  const records = new RecordsPage(page);
  const row = records.historyRow('cable-clip-A1mini.gcode.3mf');

  // 5 printers: the fifth is the idle A1 mini. A fast clock: its 38-minute plate takes about 15 s.
  let demo = await startAppDemo({ printers: 5, port: 0, timeScale: 150, dataDir });
  try {
    const generated = await demo.historySeeded;
    expect(generated).toBeGreaterThan(100);
    // Sent by Farmdeck through the engine's own `print:start` (what the print dialog sends), so the
    // record carries the file's filament. The browser's part of printing is covered in print.spec.ts.
    const handlers = demo.engine.handlers();
    const staged = await demo.engine.print.stageFile(sample, 'cable-clip-A1mini.gcode.3mf', false);
    const a1mini = demo.engine.getSnapshot().printers.find((p) => p.name === 'Rack A · 5 A1 mini');
    if (!a1mini) throw new Error('the demo has no A1 mini');
    const plan = await handlers['print:get-plan'](staged.fileId, 1);
    const target = plan.targets.find((t) => t.printerId === a1mini.id);
    await handlers['print:start']({
      fileId: staged.fileId,
      plate: 1,
      targets: [
        { printerId: a1mini.id, amsMapping: target?.mapping.length ? target.mapping : null },
      ],
      options: {
        bedLeveling: false,
        flowCalibration: false,
        vibrationCalibration: false,
        timelapse: false,
      },
      sendOnly: false,
    });
    await farm.open(demo.url);
    await records.show('history');
    await expect(row).toHaveAttribute('data-result', 'finished', { timeout: 120_000 });
    await expect(row.locator('.demo-tag')).toHaveCount(0);
    await expect(row.getByTestId('job-duration')).toHaveText(/\d+m|<1m/);
    await expect(row.getByTestId('job-filament')).toContainText('9.8 g');
    await records.show('statistics');
    await expect(page.getByTestId('demo-notice')).toContainText(`${generated} of these jobs`);
  } finally {
    await demo.close();
  }

  demo = await startAppDemo({ printers: 5, port: 0, timeScale: 150, dataDir });
  try {
    // The history was not empty: nothing generated a second time.
    expect(await demo.historySeeded).toBe(0);
    await farm.open(demo.url);
    await records.show('history');
    await page.getByLabel('Search history').fill('cable-clip-A1mini');
    await expect(row.first()).toHaveAttribute('data-result', 'finished');
    await expect(row.first().getByTestId('job-filament')).toContainText('9.8 g');
  } finally {
    await demo.close();
  }
});
