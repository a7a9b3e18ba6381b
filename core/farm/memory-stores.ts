import { emptySettings, type FarmSettings, type SecretStore, type SettingsStore } from './ports.ts';

/** Settings kept in memory (tests, the demo's virtual farm). */
export function createMemorySettingsStore(initial: FarmSettings = emptySettings()): SettingsStore {
  let current = structuredClone(initial);
  return {
    load: () => Promise.resolve(structuredClone(current)),
    save: (settings) => {
      current = structuredClone(settings);
      return Promise.resolve();
    },
  };
}

/** Secrets kept in memory (tests, the demo's virtual farm). */
export function createMemorySecretStore(initial: Record<string, string> = {}): SecretStore {
  const secrets = new Map(Object.entries(initial));
  return {
    get: (key) => Promise.resolve(secrets.get(key) ?? null),
    set: (key, secret) => {
      secrets.set(key, secret);
      return Promise.resolve();
    },
    delete: (key) => {
      secrets.delete(key);
      return Promise.resolve();
    },
  };
}
