import { safeStorage } from 'electron';
import type { KeyringPort } from './app/platform.ts';

/** Electron's `safeStorage` (Keychain, DPAPI, libsecret/kwallet; `basic_text` when Linux has none). */
export const electronKeyring: KeyringPort = {
  isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
  getSelectedStorageBackend: () => safeStorage.getSelectedStorageBackend(),
  encryptString: (plain) => safeStorage.encryptString(plain),
  decryptString: (encrypted) => safeStorage.decryptString(encrypted),
};
