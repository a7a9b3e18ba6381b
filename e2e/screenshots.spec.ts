import { expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { startAppDemo } from '../demo/app-demo.ts';
import { FarmPage } from './pages/farm-page.ts';
import { RecordsPage } from './pages/records-page.ts';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

test('grid and detail with the 8-printer demo farm', async ({ page }) => {
  const demo = await startAppDemo({ printers: 8, port: 0, timeScale: 60 });
  try {
    const farm = new FarmPage(page);
    await page.setViewportSize({ width: 1400, height: 640 });
    await farm.open(demo.url);
    await expect(farm.page.getByTestId('filter-paused')).toContainText('1');
    await page.waitForTimeout(4_000);
    await page.screenshot({ path: `${OUT}grid.png` });
    await page.setViewportSize({ width: 1400, height: 1000 });
    await farm.openPrinter('Rack A · 1 X1C');
    await page.waitForTimeout(15_000);
    await page.screenshot({ path: `${OUT}detail.png` });
    await farm.backToFarm();
    await farm.openPrinter('Rack A · 7 X1E');
    await page.waitForTimeout(1_000);
    await page.screenshot({ path: `${OUT}detail-failed.png` });
  } finally {
    await demo.close();
  }
});

test('grid with 5 printers', async ({ page }) => {
  const demo = await startAppDemo({ printers: 5, port: 0, timeScale: 60 });
  try {
    const farm = new FarmPage(page);
    await page.setViewportSize({ width: 1280, height: 720 });
    await farm.open(demo.url);
    await expect(farm.page.getByTestId('filter-all')).toContainText('5');
    await page.waitForTimeout(3_000);
    await page.screenshot({ path: `${OUT}grid-5.png` });
  } finally {
    await demo.close();
  }
});

test('grid with 200 printers', async ({ page }) => {
  const demo = await startAppDemo({ printers: 200, port: 0, timeScale: 60 });
  try {
    const farm = new FarmPage(page);
    await page.setViewportSize({ width: 1600, height: 1000 });
    await farm.open(demo.url);
    await expect(farm.page.getByTestId('filter-all')).toContainText('200');
    await page.waitForTimeout(3_000);
    await page.screenshot({ path: `${OUT}grid-200.png` });
    await farm.filter('attention');
    await page.screenshot({ path: `${OUT}grid-200-attention.png` });
  } finally {
    await demo.close();
  }
});

test('history, library and statistics with the demo history', async ({ page }) => {
  // Without live cameras: on a loaded machine eight video streams starve the views being shot.
  const demo = await startAppDemo({ printers: 8, port: 0, timeScale: 60, cameras: false });
  try {
    await demo.historySeeded;
    const farm = new FarmPage(page);
    const records = new RecordsPage(page);
    await page.setViewportSize({ width: 1400, height: 900 });
    await farm.open(demo.url);
    await records.show('history');
    await expect(records.historyRows().first()).toBeVisible();
    await page.screenshot({ path: `${OUT}history.png` });
    await records.show('library');
    await page.waitForTimeout(1_000);
    await page.screenshot({ path: `${OUT}library.png` });
    await page.setViewportSize({ width: 1400, height: 1900 });
    await records.show('statistics');
    await expect(records.chart('jobs').locator('.recharts-bar-rectangle').first()).toBeVisible();
    await page.waitForTimeout(1_000);
    await page.screenshot({ path: `${OUT}statistics.png` });
    await page.setViewportSize({ width: 1400, height: 1000 });
    await records.show('farm');
    await farm.openPrinter('Rack A · 2 P1S');
    await page.getByTestId('recent-jobs').scrollIntoViewIfNeeded();
    await page.waitForTimeout(1_000);
    await page.screenshot({ path: `${OUT}detail-recent-jobs.png` });
  } finally {
    await demo.close();
  }
});
