import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Real captured payloads live in ../shared/fixtures beside the repository (see its SOURCES.md).
 * Tests read them from there; they are not copied into the repository.
 */
export const FIXTURES_DIR = fileURLToPath(new URL('../../shared/fixtures/', import.meta.url));

/** Parsed JSON of one fixture file, e.g. `mqtt-pushall-p1p.json` or `cloud/cloud-bind.json`. */
export function loadFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(FIXTURES_DIR + name, 'utf8')) as T;
}

/** Names of the top-level fixture files starting with `prefix`, sorted. */
export function listFixtures(prefix: string): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .sort();
}
