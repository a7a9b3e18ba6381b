import { safeStorage } from 'electron';
import ElectronStore from 'electron-store';
import { FarmFailure } from '../../shared/contract/result.ts';
import {
  FarmSettings,
  emptySettings,
  type SecretStore,
  type SettingsStore,
} from '../../core/farm/ports.ts';

interface StoreShape {
  [key: string]: unknown;
  farm?: unknown;
  /** Printer id -> access code encrypted with the OS keychain (safeStorage), base64. */
  secrets?: Record<string, string>;
}

const store = () => new ElectronStore<StoreShape>({ name: 'farmdeck' });

/** Settings in electron-store (a JSON file under the app's userData folder). */
export function createElectronSettingsStore(): SettingsStore {
  const s = store();
  return {
    load: () => {
      const parsed = FarmSettings.safeParse(s.get('farm'));
      return Promise.resolve(parsed.success ? parsed.data : emptySettings());
    },
    save: (settings) => {
      s.set('farm', settings);
      return Promise.resolve();
    },
  };
}

/** Access codes encrypted with safeStorage (Keychain, DPAPI, libsecret); refused when unavailable. */
export function createSafeSecretStore(): SecretStore {
  const s = store();
  const all = () => ({ ...(s.get('secrets') ?? {}) });
  return {
    get: (key) => {
      const value = all()[key];
      return Promise.resolve(
        value === undefined ? null : safeStorage.decryptString(Buffer.from(value, 'base64')),
      );
    },
    set: (key, secret) => {
      if (!safeStorage.isEncryptionAvailable()) {
        return Promise.reject(
          new FarmFailure(
            'storage',
            'the system keychain is not available, so the access code cannot be stored safely: unlock or install a keyring, then try again',
          ),
        );
      }
      s.set('secrets', { ...all(), [key]: safeStorage.encryptString(secret).toString('base64') });
      return Promise.resolve();
    },
    delete: (key) => {
      const next = all();
      delete next[key];
      s.set('secrets', next);
      return Promise.resolve();
    },
  };
}
