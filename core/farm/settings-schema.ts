import { FarmSettings, StoredPrinter, emptySettings } from './ports.ts';

/** The settings version this Farmdeck writes. Bump it with a migration below. */
export const SETTINGS_VERSION = 1;

type Raw = Record<string, unknown>;

/**
 * Migrations: `MIGRATIONS[n]` turns version n into version n + 1. Version 0 is settings written before the
 * version field existed (a bare `{ printers: [...] }`). Never edit a shipped migration: add the next one.
 */
const MIGRATIONS: Record<number, (raw: Raw) => Raw> = {
  0: (raw) => ({ ...raw, version: 1 }),
};

export type SettingsUpgrade =
  /** Current or migrated settings; `from` is the version read when it was older. */
  | { kind: 'ok'; settings: FarmSettings; from?: number }
  /** Written by a newer Farmdeck: nothing may overwrite it. */
  | { kind: 'newer'; version: number }
  /** Not settings of any known version; `salvaged` holds the printers that still parse. */
  | { kind: 'damaged'; reason: string; salvaged: FarmSettings; lost: number };

/**
 * Reads settings of any version (one copy for the host's file and the desktop app's store): migrates older
 * versions step by step, refuses newer ones, and keeps every printer that parses from a damaged file.
 */
export function upgradeSettings(json: unknown): SettingsUpgrade {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return {
      kind: 'damaged',
      reason: 'is not a settings object',
      salvaged: emptySettings(),
      lost: 0,
    };
  }
  let raw = json as Raw;
  const version = raw['version'] === undefined ? 0 : raw['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return salvage(raw, `has an unknown settings version ${JSON.stringify(version)}`);
  }
  if (version > SETTINGS_VERSION) return { kind: 'newer', version };
  for (let v = version; v < SETTINGS_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) return salvage(raw, `has settings version ${version}, which has no migration`);
    raw = step(raw);
  }
  const parsed = FarmSettings.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return salvage(raw, `has an unexpected shape${where}`);
  }
  return version < SETTINGS_VERSION
    ? { kind: 'ok', settings: parsed.data, from: version }
    : { kind: 'ok', settings: parsed.data };
}

function salvage(raw: Raw, reason: string): SettingsUpgrade {
  const list = Array.isArray(raw['printers']) ? (raw['printers'] as unknown[]) : [];
  const printers = list.flatMap((p) => {
    const one = StoredPrinter.safeParse(p);
    return one.success ? [one.data] : [];
  });
  return {
    kind: 'damaged',
    reason,
    salvaged: { ...emptySettings(), printers },
    lost: list.length - printers.length,
  };
}
