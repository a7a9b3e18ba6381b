import { z } from 'zod';
import { PrinterId, TlsTrust } from '../../shared/contract/farm-schemas.ts';

/** One printer as persisted in settings. The access code is NOT here: it lives in the SecretStore. */
export const StoredPrinter = z.object({
  id: PrinterId,
  name: z.string(),
  host: z.string(),
  port: z.number().int().min(1).max(65535),
  serial: z.string(),
  tls: TlsTrust,
  /** Camera port override (virtual printers); absent = the model's default (6000 JPEG, 322 RTSP). */
  cameraPort: z.number().int().min(1).max(65535).optional(),
  /** FTPS port override (virtual printers, port forwarding); absent = 990. */
  ftpsPort: z.number().int().min(1).max(65535).optional(),
  /**
   * FTPS data channel learned from the printer: `clear` once an encrypted one hung and `PROT C`
   * worked (A1 firmware); absent = not learned (encrypted first).
   */
  ftpsDataChannel: z.enum(['private', 'clear']).optional(),
});
export type StoredPrinter = z.infer<typeof StoredPrinter>;

export const FarmSettings = z.object({
  version: z.literal(1),
  printers: z.array(StoredPrinter),
});
/** Everything the engine persists except secrets. */
export type FarmSettings = z.infer<typeof FarmSettings>;

/** Where settings live: a JSON file (core/farm/file-stores.ts) for the host and the desktop app. */
export interface SettingsStore {
  /** The saved settings, or an empty farm when nothing was saved yet. */
  load(): Promise<FarmSettings>;
  save(settings: FarmSettings): Promise<void>;
}

/** Where secrets live: a 0600 file for the host, safeStorage-encrypted in the desktop app. Keyed by printer id. */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, secret: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Minimal logger; implementations must never receive secrets (the engine never passes them). */
export interface FarmLogger {
  info(message: string): void;
  warn(message: string): void;
}

export const silentLogger: FarmLogger = { info: () => {}, warn: () => {} };

export const emptySettings = (): FarmSettings => ({ version: 1, printers: [] });
