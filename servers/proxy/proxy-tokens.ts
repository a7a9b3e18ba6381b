/**
 * The proxy's token file: the seed project's `proxy_tokens.json`, `{"custom-token": "real-token"}`.
 * Custom tokens are what a team's tools send; real tokens are Bambu cloud tokens and never
 * leave the proxy. Written with mode 0600.
 */
import { randomBytes } from 'node:crypto';
import { chmod, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { TokenTable } from '../common/token-table.ts';

/** Default file name, looked up in the working directory (as the seed does). */
export const DEFAULT_TOKENS_FILE = 'proxy_tokens.json';

/** Shortest custom token accepted: shorter ones are guessable. */
export const MIN_CUSTOM_TOKEN_LENGTH = 16;

/** A mistake in the token file or a token command. */
export class TokenFileError extends Error {
  override readonly name = 'TokenFileError';
}

/** Reads the mapping; a missing file is an empty mapping. */
export async function readTokenFile(path: string): Promise<Map<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT') return new Map();
    throw new TokenFileError(`cannot read the token file ${path} (${code}): check its permissions`);
  }
  return parseTokenFile(text, path);
}

/** Parses the file's text; every key and value must be a non-empty string. */
export function parseTokenFile(text: string, path: string): Map<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TokenFileError(
      `the token file ${path} is not valid JSON: expected {"custom-token": "real-token"}`,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TokenFileError(
      `the token file ${path} must hold one object: {"custom-token": "real-token"}`,
    );
  }
  const map = new Map<string, string>();
  for (const [custom, real] of Object.entries(json as Record<string, unknown>)) {
    if (typeof real !== 'string' || real.trim() === '' || custom.trim() === '') {
      throw new TokenFileError(
        `the token file ${path} has an entry whose tokens are not both non-empty strings`,
      );
    }
    map.set(custom.trim(), real.trim());
  }
  return map;
}

/** Writes the mapping atomically (temporary file + rename), mode 0600. */
export async function writeTokenFile(
  path: string,
  map: ReadonlyMap<string, string>,
): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(Object.fromEntries(map), null, 2) + '\n', { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

/** A new random custom token (`fdp_` + 32 URL-safe characters, 192 bits). */
export function generateCustomToken(): string {
  return `fdp_${randomBytes(24).toString('base64url')}`;
}

/**
 * The current mapping of a token file, reloaded when the file changes (checked at most once
 * per `checkIntervalMs`), so `bambu-proxy tokens add` takes effect without a restart.
 * A file that becomes invalid keeps the previous mapping and is reported through `log`.
 */
export class TokenSource {
  private table = new TokenTable<string>(new Map());
  private realTokens: string[] = [];
  private customTokens: string[] = [];
  private fileStamp = '';
  private checkedAt = -Infinity;

  constructor(
    readonly path: string,
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
    private readonly checkIntervalMs = 1000,
  ) {}

  /** Loads the file (throws TokenFileError when it is invalid). */
  async load(): Promise<void> {
    this.apply(await readTokenFile(this.path), await this.stamp());
  }

  /** Reloads the file when it changed since the last look. */
  async refresh(): Promise<void> {
    const now = this.now();
    if (now - this.checkedAt < this.checkIntervalMs) return;
    this.checkedAt = now;
    const stamp = await this.stamp();
    if (stamp === this.fileStamp) return;
    try {
      this.apply(await readTokenFile(this.path), stamp);
      this.log(`token file reloaded: ${this.table.size} token(s)`);
    } catch (err) {
      this.fileStamp = stamp;
      this.log(`${(err as Error).message}; keeping the previous ${this.table.size} token(s)`);
    }
  }

  /** The real token for a presented custom token (constant-time lookup), or null. */
  resolve(custom: string): string | null {
    return this.table.lookup(custom);
  }

  get size(): number {
    return this.table.size;
  }

  /** Every token of the mapping, custom and real (for masking). */
  secrets(): readonly string[] {
    return [...this.realTokens, ...this.customTokens];
  }

  /** Custom tokens, for the admin listing (mask before showing). */
  customs(): readonly string[] {
    return this.customTokens;
  }

  private apply(map: ReadonlyMap<string, string>, stamp: string): void {
    this.table = new TokenTable(map);
    this.customTokens = [...map.keys()];
    this.realTokens = [...map.values()];
    this.fileStamp = stamp;
  }

  /** Modification time and size: a change of either means the file changed. */
  private async stamp(): Promise<string> {
    try {
      const s = await stat(this.path);
      return `${s.mtimeMs}:${s.size}`;
    } catch {
      return 'missing';
    }
  }
}
