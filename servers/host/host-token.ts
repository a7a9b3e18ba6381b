/**
 * Where the browser host's access token comes from: a file (`--token-file`, best: nothing shows it),
 * the environment (`FARMDECK_TOKEN`), or `--token` on the command line, which other users of the
 * machine can read in the process list, so it earns a warning.
 */
import { readFile, stat } from 'node:fs/promises';

export const TOKEN_ENV = 'FARMDECK_TOKEN';

export interface TokenSources {
  /** `--token` value. */
  flag?: string | undefined;
  /** `--token-file` path. */
  file?: string | undefined;
  env: NodeJS.ProcessEnv;
}

export interface ResolvedToken {
  token: string | undefined;
  /** Lines to show the person (never containing the token). */
  warnings: string[];
}

/** The token and any warnings; throws with what to do when the sources conflict or the file fails. */
export async function resolveHostToken(sources: TokenSources): Promise<ResolvedToken> {
  const warnings: string[] = [];
  if (sources.flag !== undefined && sources.file !== undefined) {
    throw new Error('give the token once: --token-file or --token, not both');
  }
  if (sources.file !== undefined) {
    let text: string;
    try {
      text = await readFile(sources.file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      throw new Error(`cannot read the token file ${sources.file} (${code}): check the path`, {
        cause: err,
      });
    }
    const token = text.trim();
    if (token === '') throw new Error(`the token file ${sources.file} is empty`);
    const mode = (await stat(sources.file)).mode;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      warnings.push(
        `the token file ${sources.file} can be read by other users: chmod 600 ${sources.file}`,
      );
    }
    return { token, warnings };
  }
  if (sources.flag !== undefined) {
    warnings.push(
      '--token is visible to other users of this machine in the process list: ' +
        `use --token-file <path> or the ${TOKEN_ENV} environment variable instead`,
    );
    return { token: sources.flag, warnings };
  }
  const fromEnv = sources.env[TOKEN_ENV];
  return { token: fromEnv === undefined || fromEnv === '' ? undefined : fromEnv, warnings };
}
