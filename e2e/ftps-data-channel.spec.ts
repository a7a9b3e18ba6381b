import { join } from 'node:path';
import { ftpsQuirkOptions } from '../sim/ftps/ftps-quirks.ts';
import { expect, test } from './farm-fixture.ts';

const ORCA_A1MINI = join(
  import.meta.dirname,
  '..',
  'test',
  'fixtures-3mf',
  'orcaslicer-2.3.2-a1mini-petg.gcode.3mf',
);

test('an A1 mini whose encrypted data channel hangs: the details show the learned PROT C', async ({
  farm,
  farmPage,
  page,
}) => {
  const vp = await farm.startPrinter({ model: 'A1 mini', ftps: ftpsQuirkOptions(['hang-prot-p']) });
  const view = await farm.engine.addPrinter({
    ...farm.detailsOf(vp, 'Hangs A1 mini'),
    ...(vp.ftpsPort !== undefined ? { ftpsPort: vp.ftpsPort } : {}),
  });
  await expect(farmPage.status('Hangs A1 mini')).toHaveText(/Idle|Ready|Finished/i);
  await farmPage.openPrinter('Hangs A1 mini');
  const mode = page.getByTestId('ftps-data-channel');
  await expect(mode).toHaveText('FTPS, encrypted (clear data channel if it hangs)');

  const staged = await farm.engine.print.stageFile(ORCA_A1MINI, 'orca.gcode.3mf', false);
  await farm.engine.handlers()['print:start']({
    fileId: staged.fileId,
    plate: 1,
    targets: [{ printerId: view.id, amsMapping: null }],
    options: {
      bedLeveling: false,
      flowCalibration: false,
      vibrationCalibration: false,
      timelapse: false,
    },
    sendOnly: true,
  });
  await expect(mode).toHaveText('FTPS, clear data channel (PROT C; login stays encrypted)', {
    timeout: 20_000,
  });
  // The upload hung once (the detail's file list, opened at the same time, may have too).
  expect(vp.ftpsStats?.dataHung).toBeGreaterThanOrEqual(1);
});
