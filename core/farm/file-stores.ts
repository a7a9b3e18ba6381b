import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { FarmFailure } from '../../shared/contract/result.ts';
import { FarmSettings, emptySettings, type SecretStore, type SettingsStore } from './ports.ts';

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new FarmFailure('storage', `cannot read ${path}: ${(err as Error).message}`);
  }
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file. */
async function writeAtomic(path: string, text: string, mode: number): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, text, { mode });
    await chmod(tmp, mode);
    await rename(tmp, path);
  } catch (err) {
    throw new FarmFailure('storage', `cannot write ${path}: ${(err as Error).message}`);
  }
}

/** Settings in a JSON file (created on first save). A damaged file is reported, never silently replaced. */
export function createFileSettingsStore(path: string): SettingsStore {
  return {
    async load() {
      const text = await readIfExists(path);
      if (text === null) return emptySettings();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new FarmFailure(
          'storage',
          `${path} is not valid JSON: fix or remove it, then restart`,
        );
      }
      const parsed = FarmSettings.safeParse(json);
      if (!parsed.success) {
        throw new FarmFailure(
          'storage',
          `${path} has an unexpected shape: fix or remove it, then restart`,
        );
      }
      return parsed.data;
    },
    save: (settings) => writeAtomic(path, JSON.stringify(settings, null, 2) + '\n', 0o644),
  };
}

const SecretsFile = z.record(z.string(), z.string());

/**
 * Secrets in a JSON file readable only by its owner (mode 0600). Plain text on disk, like an SSH key:
 * the file's permissions are the protection. The desktop app encrypts with the OS keychain instead.
 */
export function createFileSecretStore(path: string): SecretStore {
  let cache: Map<string, string> | null = null;
  const load = async (): Promise<Map<string, string>> => {
    if (cache) return cache;
    const text = await readIfExists(path);
    let parsed: Record<string, string> = {};
    if (text !== null) {
      const result = SecretsFile.safeParse(safeJson(text));
      if (!result.success) {
        throw new FarmFailure(
          'storage',
          `${path} is damaged: remove it and enter the access codes again`,
        );
      }
      parsed = result.data;
    }
    cache = new Map(Object.entries(parsed));
    return cache;
  };
  const persist = async (secrets: Map<string, string>) =>
    writeAtomic(path, JSON.stringify(Object.fromEntries(secrets)) + '\n', 0o600);
  return {
    async get(key) {
      return (await load()).get(key) ?? null;
    },
    async set(key, secret) {
      const secrets = await load();
      secrets.set(key, secret);
      await persist(secrets);
    },
    async delete(key) {
      const secrets = await load();
      if (secrets.delete(key)) await persist(secrets);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
