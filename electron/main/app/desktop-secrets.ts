import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { CodeStorage } from '../../../shared/contract/app-notices.ts';
import { FarmFailure } from '../../../shared/contract/result.ts';
import type { AppNotices, CodeStorageControl } from '../../../core/farm/app-notices.ts';
import { createFileSecretStore, type SecretCodec } from '../../../core/farm/file-stores.ts';
import { moveAside, readJsonFile, writeFileAtomic } from '../../../core/farm/json-file.ts';
import type { SecretStore } from '../../../core/farm/ports.ts';
import type { KeyringPort } from './platform.ts';

const Prefs = z.object({ codeStorage: z.enum(['disk', 'memory']).optional() });
type Prefs = z.infer<typeof Prefs>;

/** Access codes encrypted with the OS keyring (safeStorage), base64 in the file. */
export function keyringCodec(keyring: KeyringPort): SecretCodec {
  return {
    encode: (secret) => keyring.encryptString(secret).toString('base64'),
    decode: (stored) => keyring.decryptString(Buffer.from(stored, 'base64')),
  };
}

export interface DesktopSecrets extends CodeStorageControl {
  store: SecretStore;
  mode(): CodeStorage;
}

/**
 * The desktop app's access codes: keyring-encrypted in `secrets.json` (mode 0600), or in memory only
 * (asked for again at each start) when there is no keyring or the user chose so. On Linux without a
 * keyring Electron's `basic_text` backend "encrypts" with a built-in key: the app says so and offers
 * memory-only codes. Call after the app is ready (the keyring answers only then).
 */
export async function createDesktopSecrets(
  dataDir: string,
  keyring: KeyringPort,
  os: NodeJS.Platform,
  notices: AppNotices,
  now?: () => Date,
): Promise<DesktopSecrets> {
  const secretsPath = join(dataDir, 'secrets.json');
  const prefsPath = join(dataDir, 'desktop.json');
  const prefs = await loadPrefs(prefsPath, notices, now);
  const available = keyring.isEncryptionAvailable();
  const unprotected =
    available && os === 'linux' && keyring.getSelectedStorageBackend() === 'basic_text';
  const codec = keyringCodec(keyring);
  const openDisk = () =>
    createFileSecretStore(secretsPath, { notices, codec, ...(now ? { now } : {}) });
  let disk = openDisk();
  const memory = new Map<string, string>();
  let mode: CodeStorage = available ? (prefs.codeStorage ?? 'disk') : 'memory';

  const tell = () => {
    notices.clear('codes-unprotected');
    notices.clear('codes-in-memory');
    if (!available) {
      notices.add(
        'codes-in-memory',
        'No keyring is available to encrypt access codes, so they are kept in memory only and asked for again at each start. Unlock or install a keyring (GNOME Keyring, KWallet), then restart Farmdeck to save them.',
      );
    } else if (mode === 'memory') {
      notices.add(
        'codes-in-memory',
        'Access codes are kept in memory only, as you chose: enter them again after each start.',
        undefined,
        'save-codes-on-disk',
      );
    } else if (unprotected) {
      notices.add(
        'codes-unprotected',
        `No keyring protects the saved access codes on this system (Electron's basic_text storage uses a built-in key), so anyone who can read ${secretsPath} can recover them. Keep them in memory only (asked for again at each start), or set up GNOME Keyring or KWallet and restart Farmdeck.`,
        undefined,
        'keep-codes-in-memory',
      );
    }
  };
  tell();

  const savePrefs = (next: Prefs) =>
    writeFileAtomic(prefsPath, () => JSON.stringify(next, null, 2) + '\n', 0o600);

  return {
    store: {
      get: async (key) => (mode === 'memory' ? (memory.get(key) ?? null) : disk.get(key)),
      set: async (key, secret) => {
        if (mode === 'memory') memory.set(key, secret);
        else await disk.set(key, secret);
      },
      delete: async (key) => {
        memory.delete(key);
        if (mode === 'disk') await disk.delete(key);
      },
    },
    mode: () => mode,
    async setCodeStorage(next) {
      if (next === mode) return;
      if (next === 'disk') {
        if (!available) {
          throw new FarmFailure(
            'storage',
            'no keyring is available to encrypt access codes: unlock or install one, then restart Farmdeck',
          );
        }
        for (const [key, secret] of memory) await disk.set(key, secret);
        memory.clear();
      } else {
        const read = await readJsonFile(secretsPath);
        const stored =
          read.kind === 'ok' ? z.record(z.string(), z.string()).safeParse(read.json) : null;
        for (const key of Object.keys(stored?.success ? stored.data : {})) {
          const secret = await disk.get(key);
          if (secret !== null) memory.set(key, secret);
        }
        await rm(secretsPath, { force: true });
        disk = openDisk(); // forgets the removed file's contents
      }
      mode = next;
      await savePrefs({ codeStorage: next });
      tell();
    },
  };
}

async function loadPrefs(path: string, notices: AppNotices, now?: () => Date): Promise<Prefs> {
  const read = await readJsonFile(path);
  if (read.kind === 'missing') return {};
  const parsed = read.kind === 'ok' ? Prefs.safeParse(read.json) : null;
  if (parsed?.success) return parsed.data;
  const movedTo = await moveAside(path, now?.());
  notices.add(
    'store-damaged',
    `The desktop preferences file ${path} could not be read; it was moved aside to ${movedTo} and the defaults are used.`,
  );
  return {};
}
