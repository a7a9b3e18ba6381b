import type { VirtualPrinter, VirtualPrinterOptions } from '../sim/virtual-printer.ts';
import { expect, test, type TestFarm } from './farm-fixture.ts';

/** Adds a virtual printer with its camera, telling the engine the camera's port. */
async function addWithCamera(
  farm: TestFarm,
  name: string,
  options: VirtualPrinterOptions,
): Promise<VirtualPrinter> {
  const vp = await farm.startPrinter({ camera: true, ...options });
  await farm.engine.addPrinter({
    ...farm.detailsOf(vp, name),
    ...(vp.cameraPort !== null ? { cameraPort: vp.cameraPort } : {}),
  });
  return vp;
}

test('a camera tile shows changing frames, in the card, the detail and the wall', async ({
  farm,
  farmPage,
}) => {
  await addWithCamera(farm, 'Cam P1S', { model: 'P1S', camera: { fps: 2 } });
  const tile = farmPage.cardCamera('Cam P1S');
  await expect(tile).toHaveAttribute('data-camera-mode', 'live');
  await expect.poll(() => farmPage.cameraFrames(tile), { timeout: 30_000 }).toBeGreaterThan(0);
  const first = await farmPage.cameraPicture(tile);
  const drawn = await farmPage.cameraFrames(tile);
  // The virtual camera draws a clock: within a few frames the picture changes.
  await expect
    .poll(() => farmPage.cameraFrames(tile), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(drawn + 3);
  expect(await farmPage.cameraPicture(tile)).not.toBe(first);

  await farmPage.openPrinter('Cam P1S');
  const large = farmPage.detailCamera();
  await expect.poll(() => farmPage.cameraFrames(large), { timeout: 30_000 }).toBeGreaterThan(1);

  await farmPage.backToFarm();
  await farmPage.openCameraWall();
  const onWall = farmPage.wallCamera('Cam P1S');
  await expect.poll(() => farmPage.cameraFrames(onWall), { timeout: 30_000 }).toBeGreaterThan(1);
});

test('an RTSP camera plays as video through Media Source Extensions (stills if the page forbids it)', async ({
  farm,
  farmPage,
}) => {
  await addWithCamera(farm, 'Cam X1C', { model: 'X1C' });
  const tile = farmPage.cardCamera('Cam X1C');
  // Video needs `media-src blob:` in the page's CSP; without it the tile falls back to stills.
  const video = await farmPage.pageAllowsBlobMedia();
  await expect(tile).toHaveAttribute('data-media', video ? 'video' : 'jpeg', { timeout: 60_000 });
  await expect
    .poll(() => farmPage.cameraFrames(tile), { timeout: 60_000 })
    .toBeGreaterThan(video ? 3 : 0);
});

test('a printer without a reachable camera says so in its tile', async ({ farm, farmPage }) => {
  // No camera server and no port override: the engine's connection to port 6000 is refused.
  const vp = await farm.startPrinter({ model: 'P1P' });
  await farm.engine.addPrinter(farm.detailsOf(vp, 'No cam'));
  await expect(farmPage.card('No cam').getByTestId('camera-note')).toContainText(
    /camera|unreachable|refused/i,
    { timeout: 30_000 },
  );
});

test('a camera scrolled out of view stops its stream and starts again when seen', async ({
  farm,
  farmPage,
}) => {
  await addWithCamera(farm, 'Cam A1', { model: 'A1', camera: { fps: 2 } });
  await farmPage.page.setViewportSize({ width: 1400, height: 260 });
  await farmPage.openPrinter('Cam A1');
  const large = farmPage.detailCamera();
  // Below the fold: no stream.
  await expect(large).toHaveAttribute('data-camera-mode', 'off');
  await large.scrollIntoViewIfNeeded();
  await expect(large).toHaveAttribute('data-camera-mode', 'live');
  await expect.poll(() => farmPage.cameraFrames(large), { timeout: 30_000 }).toBeGreaterThan(0);
  await farmPage.scrollDetailToTop();
  await expect(large).toHaveAttribute('data-camera-mode', 'off');
  const frozen = await farmPage.cameraFrames(large);
  // The stream is closed: no more frames arrive (the virtual camera sends two a second).
  await farmPage.page.waitForTimeout(1_500);
  expect(await farmPage.cameraFrames(large)).toBe(frozen);
});
