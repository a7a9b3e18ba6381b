import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Folder of the built renderer: `dist/renderer` beside the compiled host (dist/servers/host), or the
 * repository's dist/renderer when the host runs from source (tests).
 */
export function findRendererDir(): string {
  const candidates = [
    fileURLToPath(new URL('../../renderer/', import.meta.url)),
    fileURLToPath(new URL('../../dist/renderer/', import.meta.url)),
  ];
  return candidates.find((dir) => existsSync(dir + 'assets')) ?? (candidates[1] as string);
}
