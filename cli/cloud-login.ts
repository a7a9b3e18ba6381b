/**
 * bambu-login: logs in to the Bambu cloud (password, then an emailed/SMS code or an
 * authenticator code when the account needs one) and saves the token to ~/.bambu_token (0600).
 */
import { CloudAuth, type CloudToken } from '../core/cloud/cloud-auth.ts';
import { CloudClient } from '../core/cloud/cloud-client.ts';
import { isCloudError } from '../core/cloud/cloud-errors.ts';
import { isCloudRegion, type CloudRegion } from '../core/cloud/endpoints.ts';
import { defaultTokenPath, loadToken, saveToken } from '../core/cloud/token-file.ts';
import { parseToolArgs, UsageError } from './args.ts';
import { CLOUD_EXIT_HELP, exitCodeForCloudError, type CloudToolIo } from './cloud-io.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';

export const LOGIN_USAGE = `Usage: bambu-login [options]

Logs in to your Bambu Lab account and saves the access token for bambu-query and
bambu-monitor in ~/.bambu_token (readable only by you).

  -u, --username EMAIL   account email (or phone number for China accounts); asked if missing
  -p, --password PW      password; asked if missing (better: set BAMBU_PASSWORD, or let it ask,
                         so it does not show in the process list)
      --code CODE        the emailed/SMS or authenticator code, when you already have it
      --region R         global (default) or china
      --token-file FILE  where to save the token (default $BAMBU_TOKEN_FILE or ~/.bambu_token)
      --verify-only      do not log in: check that the saved token still works
      --test             after logging in, check the token (profile and printer list)
      --api-url URL      another cloud REST endpoint (e.g. the virtual cloud)
  -h, --help             this text

When standard input is not a terminal, answers (email, password, code) are read from it one per
line, so a script can pipe the emailed code in.

${CLOUD_EXIT_HELP}`;

const FLAGS = {
  username: { type: 'string', short: 'u' },
  password: { type: 'string', short: 'p' },
  code: { type: 'string' },
  region: { type: 'string' },
  'token-file': { type: 'string' },
  'verify-only': { type: 'boolean' },
  test: { type: 'boolean' },
  'api-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs bambu-login with `argv` (without node and script); resolves to the exit code. */
export async function runLogin(argv: string[], io: CloudToolIo): Promise<ExitCode> {
  try {
    const { values, positionals } = parseToolArgs(argv, FLAGS);
    if (values.help === true) {
      io.stdout(LOGIN_USAGE);
      return EXIT.ok;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const region = values.region ?? 'global';
    if (!isCloudRegion(region))
      throw new UsageError(`--region must be global or china, not "${region}"`);
    const tokenPath = values['token-file'] ?? defaultTokenPath(io.env);
    const apiUrl = values['api-url'];
    const endpoints = { region, ...(apiUrl === undefined ? {} : { apiUrl }) };

    if (values['verify-only'] === true) {
      const saved = await loadToken(tokenPath);
      if (saved === null) {
        throw new UsageError(`no saved login in ${tokenPath}: run bambu-login first`);
      }
      await testToken(saved.token, { ...endpoints, region: saved.region }, io);
      return EXIT.ok;
    }

    const token = await interactiveLogin(values, endpoints, io);
    await saveToken({ region, token: token.token }, tokenPath);
    const expiry =
      token.expiresAt === null
        ? ''
        : ` (expires ${new Date(token.expiresAt).toISOString().slice(0, 10)})`;
    io.stdout(`Logged in. Token saved to ${tokenPath}${expiry}.`);
    if (values.test === true) await testToken(token.token, endpoints, io);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`bambu-login: ${err.message}`);
      io.stderr('Run bambu-login --help for usage.');
      return EXIT.usage;
    }
    io.stderr(`bambu-login: ${err instanceof Error ? err.message : String(err)}`);
    return exitCodeForCloudError(err);
  }
}

async function interactiveLogin(
  values: { username?: string; password?: string; code?: string },
  endpoints: { region: CloudRegion; apiUrl?: string },
  io: CloudToolIo,
): Promise<CloudToken> {
  const account = (values.username ?? (await ask(io, 'Email: '))).trim();
  if (account === '') throw new UsageError('the account email is empty');
  const password =
    values.password ?? io.env['BAMBU_PASSWORD'] ?? (await ask(io, 'Password: ', true));
  if (password === '') throw new UsageError('the password is empty');
  const auth = new CloudAuth(endpoints);
  const outcome = await auth.loginWithPassword(account, password);
  if (outcome.kind === 'token') return outcome.token;
  let given = values.code;
  if (outcome.kind === 'tfa-required') {
    const code = given ?? (await ask(io, 'Authenticator app code: '));
    try {
      return await auth.loginWithTotp(outcome.tfaKey, code);
    } catch (err) {
      // Bambu's sign-in page may refuse third-party clients (CSRF/identity checks); the
      // emailed code still works for such accounts (ha-bambulab falls back the same way).
      if (!isCloudError(err, 'client-rejected')) throw err;
      io.stderr(`${err.message}`);
      io.stderr('Falling back to a code sent by email.');
      await auth.requestCode(account);
      given = undefined;
    }
  }
  io.stderr(`A verification code was sent to ${account}.`);
  for (let attempt = 1; ; attempt++) {
    const code = given ?? (await ask(io, 'Verification code: '));
    given = undefined;
    try {
      return await auth.loginWithCode(account, code);
    } catch (err) {
      if (attempt >= 3 || !isCloudError(err, 'code-wrong', 'code-expired')) throw err;
      io.stderr(err.message);
      if (err.code === 'code-expired') {
        await auth.requestCode(account);
        io.stderr(`A new code was sent to ${account}.`);
      }
    }
  }
}

async function ask(io: CloudToolIo, question: string, hidden = false): Promise<string> {
  try {
    return await io.ask(question, { hidden });
  } catch {
    throw new UsageError(`no answer to "${question.replace(/: $/, '')}" (standard input ended)`);
  }
}

async function testToken(
  token: string,
  endpoints: { region: CloudRegion; apiUrl?: string },
  io: CloudToolIo,
): Promise<void> {
  const client = new CloudClient({ ...endpoints, token });
  const { profile, expiresAt } = await client.verifyToken();
  const devices = await client.listDevices();
  const who = profile.account ?? profile.name ?? 'your account';
  const uid = profile.uid === null || profile.uid === undefined ? '' : ` (uid ${profile.uid})`;
  const exp =
    expiresAt === null ? 'expiry unknown' : `expires ${new Date(expiresAt).toISOString()}`;
  io.stdout(`Token works: ${who}${uid}, ${devices.length} printer(s) bound, ${exp}.`);
}
