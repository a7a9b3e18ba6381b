import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { AppNotices } from '../../../core/farm/app-notices.ts';
import { moveAside, readJsonFile, writeFileAtomic } from '../../../core/farm/json-file.ts';
import { upgradeSettings } from '../../../core/farm/settings-schema.ts';

/** electron-store's file of earlier versions: `{ farm: settings, secrets: { id: base64 safeStorage } }`. */
const LegacyFile = z.object({
  farm: z.unknown().optional(),
  secrets: z.record(z.string(), z.string()).optional(),
});

/**
 * Imports `farmdeck.json` (the electron-store file of earlier versions) into `settings.json` and
 * `secrets.json` once, when there are no settings yet. The codes keep their safeStorage encryption (the
 * format is the same); the old file is kept as `farmdeck.json.imported`, or moved aside when damaged.
 */
export async function importLegacyStore(
  dataDir: string,
  notices: AppNotices,
  now?: () => Date,
): Promise<void> {
  const legacy = join(dataDir, 'farmdeck.json');
  const settingsPath = join(dataDir, 'settings.json');
  if ((await readJsonFile(settingsPath)).kind !== 'missing') return;
  const read = await readJsonFile(legacy);
  if (read.kind === 'missing') return;
  const parsed = read.kind === 'ok' ? LegacyFile.safeParse(read.json) : null;
  const upgrade =
    parsed?.success && parsed.data.farm !== undefined ? upgradeSettings(parsed.data.farm) : null;
  const settings =
    upgrade?.kind === 'ok'
      ? upgrade.settings
      : upgrade?.kind === 'damaged'
        ? upgrade.salvaged
        : null;
  if (!parsed?.success || settings === null) {
    if (upgrade?.kind === 'newer') return; // a newer Farmdeck's file: leave it alone
    const movedTo = await moveAside(legacy, now?.());
    notices.add(
      'store-damaged',
      `The previous settings file ${legacy} could not be read. It was moved aside to ${movedTo}; add your printers again or restore them from that file.`,
    );
    return;
  }
  const secrets = parsed.data.secrets ?? {};
  await writeFileAtomic(join(dataDir, 'secrets.json'), () => JSON.stringify(secrets) + '\n', 0o600);
  await writeFileAtomic(settingsPath, () => JSON.stringify(settings, null, 2) + '\n', 0o600);
  await rename(legacy, `${legacy}.imported`);
  notices.add(
    'store-migrated',
    `${settings.printers.length} printer(s) were imported from the previous settings file; it is kept as ${legacy}.imported.`,
  );
}
