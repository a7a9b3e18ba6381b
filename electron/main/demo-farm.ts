import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  createMemorySecretStore,
  createMemorySettingsStore,
} from '../../core/farm/memory-stores.ts';
import { FarmSettings, type SecretStore, type SettingsStore } from '../../core/farm/ports.ts';

const DemoFarmFile = z.object({
  settings: FarmSettings,
  secrets: z.record(z.string(), z.string()),
});

/**
 * In-memory stores seeded from the demo's farm file (virtual printers and their codes), so the demo
 * never touches the user's saved printers. Only used when the app is not packaged.
 */
export function demoStores(path: string): { settings: SettingsStore; secrets: SecretStore } {
  const file = DemoFarmFile.parse(JSON.parse(readFileSync(path, 'utf8')));
  return {
    settings: createMemorySettingsStore(file.settings),
    secrets: createMemorySecretStore(file.secrets),
  };
}
