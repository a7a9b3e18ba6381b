/**
 * The command-line tools' saved login: `~/.bambu_token`, mode 0600, `{"region","token"}`
 * (the seed project's format). The desktop app keeps its token in its own encrypted store.
 */
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CloudError } from './cloud-errors.ts';
import { isCloudRegion, type CloudRegion } from './endpoints.ts';

/** A saved login. */
export interface SavedToken {
  readonly region: CloudRegion;
  /** Secret. */
  readonly token: string;
}

/** Environment variable that overrides the token file's path (tests, several accounts). */
export const TOKEN_FILE_ENV = 'BAMBU_TOKEN_FILE';

/** `$BAMBU_TOKEN_FILE`, else `~/.bambu_token`. */
export function defaultTokenPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[TOKEN_FILE_ENV];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : join(homedir(), '.bambu_token');
}

/** Writes the token file with mode 0600 (atomically: temp file + rename). */
export async function saveToken(
  saved: SavedToken,
  path: string = defaultTokenPath(),
): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify({ region: saved.region, token: saved.token }) + '\n', {
    mode: 0o600,
  });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

/** The saved token, or null when there is no file. Throws `token-file` when it is unreadable. */
export async function loadToken(path: string = defaultTokenPath()): Promise<SavedToken | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CloudError(
      'token-file',
      `cannot read the saved login ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'}): check its permissions or run bambu-login again`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CloudError(
      'token-file',
      `the saved login ${path} is not valid JSON: run bambu-login again`,
    );
  }
  const o = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const token = o['token'];
  if (typeof token !== 'string' || token === '') {
    throw new CloudError(
      'token-file',
      `the saved login ${path} holds no token: run bambu-login again`,
    );
  }
  return { region: isCloudRegion(o['region']) ? o['region'] : 'global', token };
}
