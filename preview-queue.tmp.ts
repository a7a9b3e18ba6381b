import { chromium } from '@playwright/test';
import { FarmEngine } from './core/farm/farm-engine.ts';
import { farmErrorOf } from './core/farm/farm-errors.ts';
import { createMemorySecretStore, createMemorySettingsStore } from './core/farm/memory-stores.ts';
import { startFarmHost } from './servers/host/farm-host.ts';
import { findRendererDir } from './servers/host/renderer-dir.ts';
import type { QueueJobView, QueueView } from './shared/contract/queue-schemas.ts';

const counts = (c: Partial<QueueJobView['counts']>) => ({ queued: 0, dispatched: 0, printing: 0, done: 0, failed: 0, held: 0, cancelled: 0, ...c });
const opts = { bedLeveling: true, flowCalibration: true, vibrationCalibration: true, timelapse: false };
const job = (i: number, c: Partial<QueueJobView['counts']>, extra: Partial<QueueJobView> = {}): QueueJobView => ({
  jobId: `job-${i}`, libraryFileId: 'lib', fileName: `part-${i}.gcode.3mf`, plate: 1, target: { kind: 'any' },
  filamentRule: 'exact-color', priority: 0, notBefore: null, onFailure: 'requeue', options: opts,
  createdAt: Date.now(), counts: counts(c), waiting: null,
  copies: [
    { copyId: `c${i}1`, index: 1, state: 'printing', printerSerial: 'S1', printerName: 'Alpha P1S', historyId: null, attempts: 1, reason: null, updatedAt: Date.now() },
    { copyId: `c${i}2`, index: 2, state: 'failed', printerSerial: 'S2', printerName: 'Bravo', historyId: null, attempts: 2, reason: 'spaghetti detected', updatedAt: Date.now() },
    { copyId: `c${i}3`, index: 3, state: 'queued', printerSerial: null, printerName: null, historyId: null, attempts: 0, reason: null, updatedAt: Date.now() },
  ],
  ...extra,
});
let view: QueueView = {
  available: true, reason: null, paused: false, controlled: 3,
  jobs: [
    job(1, { printing: 1, failed: 1, queued: 1 }, { waiting: 'no printer has PETG (black) loaded' }),
    job(2, { queued: 5 }, { target: { kind: 'group', group: 'Rack A' }, priority: 5, notBefore: Date.now() + 3600_000, filamentRule: 'same-material', onFailure: 'hold' }),
    job(3, { done: 2, held: 1 }, { fileName: 'a-very-long-file-name-for-a-bracket-with-many-words-v12-final.gcode.3mf' }),
    job(4, { done: 4 }),
  ],
};
const engine = await FarmEngine.start({ settings: createMemorySettingsStore(), secrets: createMemorySecretStore() });
const orig = engine.handlers.bind(engine);
engine.handlers = () => ({
  ...orig(),
  'queue:get': async () => view,
  'queue:move': async (id: string, before: string | null) => {
    const m = view.jobs.find((j) => j.jobId === id)!;
    const rest = view.jobs.filter((j) => j.jobId !== id);
    const at = before === null ? rest.length : rest.findIndex((j) => j.jobId === before);
    rest.splice(at, 0, m);
    view = { ...view, jobs: rest };
    return null;
  },
  'queue:set-paused': async (p: boolean) => { view = { ...view, paused: p }; return null; },
});
const host = await startFarmHost({ engine, staticDir: findRendererDir(), mapError: farmErrorOf });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await page.goto(host.url);
await page.getByTestId('view-queue').click();
await page.getByTestId('queue-job').first().waitFor();
await page.getByRole('button', { name: 'Copies' }).first().click();
await page.screenshot({ path: '/tmp/queue-1.png' });
await page.getByTestId('queue-job').nth(3).dragTo(page.getByTestId('queue-job').nth(0), { targetPosition: { x: 200, y: 5 } });
await page.waitForTimeout(800);
console.log('order after drag', await page.getByTestId('queue-job').evaluateAll((els) => els.map((e) => e.getAttribute('data-job-id'))));
console.log('engine order', view.jobs.map((j) => j.jobId));
await page.getByRole('button', { name: 'Move part-2.gcode.3mf up' }).click();
await page.waitForTimeout(500);
console.log('after up', view.jobs.map((j) => j.jobId));
await page.getByTestId('queue-pause').click();
await page.waitForTimeout(500);
await page.screenshot({ path: '/tmp/queue-2.png' });
await page.getByTestId('view-farm').click();
const b64 = (await import('node:fs')).readFileSync('test/fixtures-3mf/bambustudio-2.07-p1s-two-objects.gcode.3mf').toString('base64');
const dt = await page.evaluateHandle(`(() => { const bin = atob(${JSON.stringify(b64)}); const bytes = new Uint8Array(bin.length); for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i); const dt = new DataTransfer(); dt.items.add(new File([bytes], 'p1s.gcode.3mf')); return dt; })()`);
await page.locator('body').dispatchEvent('drop', { dataTransfer: dt });
await page.getByRole('button', { name: 'Add to queue…' }).click();
await page.getByRole('form', { name: 'Add to queue' }).waitFor();
await page.screenshot({ path: '/tmp/queue-3.png' });
await browser.close();
await host.close();
await engine.close();
