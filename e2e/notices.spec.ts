import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileSecretStore, createFileSettingsStore } from '../core/farm/file-stores.ts';
import { expect, test } from './farm-fixture.ts';

// The app's notices reach the window as banners: a damaged store moved aside (from the real file store),
// and a printer whose saved code could not be decrypted, which asks for the code again.
test('a damaged store and an unreadable code show as banners with what to do', async ({
  farm,
  farmPage,
}) => {
  const dir = await mkdtemp(join(tmpdir(), 'farmdeck-notices-'));
  try {
    const page = farmPage.page;
    await expect(page.getByRole('alert')).toHaveCount(0);

    await writeFile(join(dir, 'settings.json'), '{"version":1,"printers":[');
    await createFileSettingsStore(join(dir, 'settings.json'), {
      notices: farm.engine.notices,
    }).load();
    const damaged = page.locator('[data-notice="store-damaged"]');
    await expect(damaged).toContainText('A saved file was damaged and moved aside');
    await expect(damaged).toContainText('settings.json.broken-');

    const vp = await farm.addPrinter('Desk A1', { model: 'A1' });
    const id = farm.engine.getSnapshot().printers[0]!.id;
    await writeFile(join(dir, 'secrets.json'), JSON.stringify({ [id]: 'not-decryptable' }));
    const secrets = createFileSecretStore(join(dir, 'secrets.json'), {
      notices: farm.engine.notices,
      codec: {
        encode: (s) => s,
        decode: () => {
          throw new Error('keyring changed');
        },
      },
    });
    expect(await secrets.get(id)).toBeNull();
    const unreadable = page.locator('[data-notice="code-unreadable"]');
    await expect(unreadable).toContainText('Enter the access code again');
    await unreadable.getByRole('button', { name: 'Enter access code' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit printer' });
    await expect(edit).toContainText('Edit Desk A1');
    await expect(edit.getByLabel('Serial number')).toHaveValue(vp.serial);
    await edit.getByRole('button', { name: 'Cancel' }).click();

    await damaged.getByRole('button', { name: 'Dismiss' }).click();
    await expect(damaged).toHaveCount(0);
    await expect(unreadable).toHaveCount(1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
