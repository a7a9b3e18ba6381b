import { copyFile } from 'node:fs/promises';
import { z } from 'zod';
import { FarmFailure } from '../../shared/contract/result.ts';
import type { AppNotices } from './app-notices.ts';
import { moveAside, readJsonFile, removeStaleTemps, writeFileAtomic } from './json-file.ts';
import { emptySettings, type SecretStore, type SettingsStore } from './ports.ts';
import { SETTINGS_VERSION, upgradeSettings } from './settings-schema.ts';

/** Where the stores report what they did to a file (moved aside, migrated); optional. */
export interface StoreOptions {
  notices?: AppNotices;
  now?: () => Date;
}

/**
 * Settings in a JSON file (mode 0600, created on first save), with a schema version: older versions are
 * migrated (the old file is kept as `<path>.v<n>`), a newer one stops the start with a clear error, and a
 * damaged file is moved aside as `<path>.broken-<time>` while every printer that still parses is kept.
 */
export function createFileSettingsStore(path: string, options: StoreOptions = {}): SettingsStore {
  return {
    async load() {
      await removeStaleTemps(path);
      const read = await readJsonFile(path);
      if (read.kind === 'missing') return emptySettings();
      const upgrade =
        read.kind === 'ok'
          ? upgradeSettings(read.json)
          : { kind: 'damaged' as const, reason: read.reason, salvaged: emptySettings(), lost: 0 };
      switch (upgrade.kind) {
        case 'ok':
          if (upgrade.from !== undefined) {
            await copyFile(path, `${path}.v${upgrade.from}`);
            options.notices?.add(
              'store-migrated',
              `Settings from an older Farmdeck (version ${upgrade.from}) were upgraded to version ${SETTINGS_VERSION}; the old file is kept as ${path}.v${upgrade.from}.`,
            );
          }
          return upgrade.settings;
        case 'newer':
          throw new FarmFailure(
            'storage',
            `${path} was written by a newer Farmdeck (settings version ${upgrade.version}; this one reads up to ${SETTINGS_VERSION}): update Farmdeck, or move the file away to start with an empty farm`,
          );
        case 'damaged': {
          const movedTo = await moveAside(path, options.now?.());
          const kept = upgrade.salvaged.printers.length;
          const lost =
            upgrade.lost > 0
              ? ` ${upgrade.lost} printer(s) could not be read and are missing.`
              : '';
          options.notices?.add(
            'store-damaged',
            `The settings file ${path} ${upgrade.reason}. It was moved aside to ${movedTo}; Farmdeck started with the ${kept} printer(s) it could read.${lost} Add the missing printers again or restore them from that file.`,
          );
          return upgrade.salvaged;
        }
      }
    },
    save: (settings) =>
      writeFileAtomic(path, () => JSON.stringify(settings, null, 2) + '\n', 0o600),
  };
}

const SecretsFile = z.record(z.string(), z.string());

/** How a secret is written in the file: as is (the host), or encrypted with the OS keyring (desktop). */
export interface SecretCodec {
  encode(secret: string): string;
  /** Throws when the stored text cannot be turned back into the secret. */
  decode(stored: string): string;
}

const plainCodec: SecretCodec = { encode: (s) => s, decode: (s) => s };

export interface SecretStoreOptions extends StoreOptions {
  codec?: SecretCodec;
}

/**
 * Secrets in a JSON file readable only by its owner (mode 0600), keyed by printer id. With the plain codec
 * the file's permissions are the protection, like an SSH key. A damaged file is moved aside; a secret that
 * cannot be decoded makes only its printer ask for the code again.
 */
export function createFileSecretStore(path: string, options: SecretStoreOptions = {}): SecretStore {
  const codec = options.codec ?? plainCodec;
  let cache: Promise<Map<string, string>> | null = null;
  const load = (): Promise<Map<string, string>> => (cache ??= loadFile());
  const loadFile = async (): Promise<Map<string, string>> => {
    await removeStaleTemps(path);
    const read = await readJsonFile(path);
    if (read.kind === 'missing') return new Map();
    const parsed = read.kind === 'ok' ? SecretsFile.safeParse(read.json) : null;
    if (parsed?.success) return new Map(Object.entries(parsed.data));
    const reason = read.kind === 'damaged' ? read.reason : 'has an unexpected shape';
    const movedTo = await moveAside(path, options.now?.());
    options.notices?.add(
      'store-damaged',
      `The access code file ${path} ${reason}. It was moved aside to ${movedTo}: enter the access codes of your printers again.`,
    );
    return new Map();
  };
  const persist = (secrets: Map<string, string>) =>
    writeFileAtomic(path, () => JSON.stringify(Object.fromEntries(secrets)) + '\n', 0o600);
  return {
    async get(key) {
      const stored = (await load()).get(key);
      if (stored === undefined) return null;
      try {
        return codec.decode(stored);
      } catch {
        options.notices?.add(
          'code-unreadable',
          'The saved access code of this printer could not be decrypted (the keyring is locked or has changed): edit the printer and enter the access code again.',
          key,
        );
        return null;
      }
    },
    async set(key, secret) {
      const secrets = await load();
      secrets.set(key, codec.encode(secret));
      await persist(secrets);
      options.notices?.clear('code-unreadable', key);
    },
    async delete(key) {
      const secrets = await load();
      if (secrets.delete(key)) await persist(secrets);
      options.notices?.clear('code-unreadable', key);
    },
  };
}
