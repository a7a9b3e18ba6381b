import { defaultTokenPath, loadToken } from '../core/cloud/token-file.ts';
import { maskToken } from '../servers/common/masking.ts';
import {
  DEFAULT_TOKENS_FILE,
  generateCustomToken,
  MIN_CUSTOM_TOKEN_LENGTH,
  readTokenFile,
  TokenFileError,
  writeTokenFile,
} from '../servers/proxy/proxy-tokens.ts';
import { UsageError } from './args.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { ServerIo } from '../servers/common/server-io.ts';

/**
 * `bambu-proxy tokens list|add|remove`: edits the token file. A running proxy picks the change
 * up within a second.
 */
export async function runTokensCommand(
  positionals: readonly string[],
  file: string | undefined,
  io: Pick<ServerIo, 'stdout' | 'stderr' | 'env'>,
): Promise<ExitCode> {
  const path = file ?? DEFAULT_TOKENS_FILE;
  const [action, arg, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`unexpected argument ${rest[0] ?? ''}`);
  try {
    const map = await readTokenFile(path);
    switch (action) {
      case 'list': {
        if (arg !== undefined) throw new UsageError('tokens list takes no argument');
        io.stdout(`${map.size} token(s) in ${path}`);
        for (const [custom, real] of map)
          io.stdout(`  ${maskToken(custom)}  →  cloud token ${maskToken(real)}`);
        return EXIT.ok;
      }
      case 'add': {
        const custom = arg ?? generateCustomToken();
        if (custom.length < MIN_CUSTOM_TOKEN_LENGTH || /\s/.test(custom)) {
          throw new UsageError(
            `a custom token needs ${MIN_CUSTOM_TOKEN_LENGTH}+ characters and no spaces (or leave it out to get a random one)`,
          );
        }
        if (map.has(custom)) throw new UsageError('that custom token is already in the file');
        const real = await realToken(io.env);
        if (real === null) {
          io.stderr(
            'bambu-proxy: no cloud token to map to: set BAMBU_TOKEN, or log in first with bambu-login',
          );
          return EXIT.authFailed;
        }
        map.set(custom, real);
        await writeTokenFile(path, map);
        io.stdout(`added to ${path}; give this token to the tool that calls the proxy:`);
        io.stdout(custom);
        return EXIT.ok;
      }
      case 'remove': {
        if (arg === undefined)
          throw new UsageError('tokens remove needs the custom token (or its first characters)');
        const matches = [...map.keys()].filter(
          (k) => k === arg || (arg.length >= 4 && k.startsWith(arg)),
        );
        const exact = matches.includes(arg) ? [arg] : matches;
        if (exact.length !== 1) {
          io.stderr(
            exact.length === 0
              ? `bambu-proxy: no token in ${path} matches: see bambu-proxy tokens list`
              : `bambu-proxy: ${exact.length} tokens start with that: give more characters`,
          );
          return EXIT.failure;
        }
        map.delete(exact[0] as string);
        await writeTokenFile(path, map);
        io.stdout(`removed ${maskToken(exact[0] as string)} from ${path}`);
        return EXIT.ok;
      }
      case undefined:
      default:
        throw new UsageError('tokens takes list, add [CUSTOM_TOKEN] or remove CUSTOM_TOKEN');
    }
  } catch (err) {
    if (err instanceof TokenFileError) {
      io.stderr(`bambu-proxy: ${err.message}`);
      return EXIT.failure;
    }
    throw err;
  }
}

/** The real cloud token: BAMBU_TOKEN, else the saved login of bambu-login. */
async function realToken(env: NodeJS.ProcessEnv): Promise<string | null> {
  const fromEnv = env['BAMBU_TOKEN']?.trim();
  if (fromEnv) return fromEnv;
  try {
    return (await loadToken(defaultTokenPath(env)))?.token ?? null;
  } catch {
    return null;
  }
}
