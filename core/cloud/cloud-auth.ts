/**
 * Logging in to the Bambu cloud: password, emailed/SMS code, and TOTP two-factor.
 * See docs/cloud.md for the flows. Nothing here logs or echoes a password, code or token.
 */
import { z } from 'zod';
import { CloudError } from './cloud-errors.ts';
import { cloudFetch, errorFields, type CloudHttpOptions } from './cloud-http.ts';
import { resolveEndpoints, type CloudEndpoints, type EndpointOverrides } from './endpoints.ts';
import { tokenExpiresAt } from './jwt.ts';

/** A usable login. */
export interface CloudToken {
  /** The access token: REST bearer and cloud MQTT password. Secret. */
  readonly token: string;
  /** The refresh token when the cloud sent one (today equal to the access token). Secret. */
  readonly refreshToken: string | null;
  /** ms since epoch; from `expiresIn` or the JWT `exp`, null when unknown. */
  readonly expiresAt: number | null;
}

/** What the password step led to. */
export type LoginOutcome =
  | { readonly kind: 'token'; readonly token: CloudToken }
  /** The cloud emailed (or texted) a code: call {@link CloudAuth.loginWithCode}. */
  | { readonly kind: 'code-required' }
  /** TOTP account: call {@link CloudAuth.loginWithTotp} with this key and the authenticator code. */
  | { readonly kind: 'tfa-required'; readonly tfaKey: string };

/** Options of {@link CloudAuth}. */
export interface CloudAuthOptions extends EndpointOverrides, CloudHttpOptions {}

const LoginResponse = z.looseObject({
  accessToken: z.string().nullish(),
  refreshToken: z.string().nullish(),
  expiresIn: z.number().nullish(),
  loginType: z.string().nullish(),
  tfaKey: z.string().nullish(),
});

const LOGIN_PATH = '/v1/user-service/user/login';

/** The cloud's login endpoints for one region (or overridden base URLs). */
export class CloudAuth {
  readonly endpoints: CloudEndpoints;
  readonly #http: CloudHttpOptions;

  constructor(opts: CloudAuthOptions = {}) {
    this.endpoints = resolveEndpoints(opts);
    this.#http = opts;
  }

  /** Step 1: account (email or phone) + password. */
  async loginWithPassword(account: string, password: string): Promise<LoginOutcome> {
    const res = await cloudFetch(
      {
        method: 'POST',
        url: this.endpoints.apiUrl + LOGIN_PATH,
        body: { account, password, apiError: '' },
        passStatuses: [400, 401],
      },
      this.#http,
    );
    if (res.status !== 200) {
      const { text } = errorFields(res.json);
      throw new CloudError(
        'wrong-credentials',
        `login refused for this account (HTTP ${res.status}${text === undefined ? '' : `: "${text}"`}): check the email address and password`,
        { status: res.status },
      );
    }
    return parseOutcome(res.json);
  }

  /**
   * Asks the cloud to send a login code: by email, or by SMS for China phone accounts
   * (an account without `@` in the China region).
   */
  async requestCode(account: string): Promise<void> {
    const sms = this.endpoints.region === 'china' && !account.includes('@');
    await cloudFetch(
      sms
        ? {
            method: 'POST',
            url: `${this.endpoints.webUrl}/api/v1/user-service/user/sendsmscode`,
            body: { phone: account, type: 'codeLogin' },
          }
        : {
            method: 'POST',
            url: `${this.endpoints.apiUrl}/v1/user-service/user/sendemail/code`,
            body: { email: account, type: 'codeLogin' },
          },
      this.#http,
    );
  }

  /** Step 2 for code accounts: the emailed/SMS code. */
  async loginWithCode(account: string, code: string): Promise<CloudToken> {
    const res = await cloudFetch(
      {
        method: 'POST',
        url: this.endpoints.apiUrl + LOGIN_PATH,
        body: { account, code: code.trim() },
        passStatuses: [400],
      },
      this.#http,
    );
    if (res.status === 400) {
      const { code: apiCode, text } = errorFields(res.json);
      if (apiCode === 1) {
        throw new CloudError('code-expired', 'the code has expired: request a new code', {
          status: 400,
          apiCode,
        });
      }
      if (apiCode === 2) {
        throw new CloudError('code-wrong', 'the code is incorrect: check it and try again', {
          status: 400,
          apiCode,
        });
      }
      throw new CloudError(
        'login-failed',
        `code login refused (HTTP 400${text === undefined ? '' : `: "${text}"`}): request a new code and try again`,
        { status: 400, ...(apiCode === undefined ? {} : { apiCode }) },
      );
    }
    const outcome = parseOutcome(res.json);
    if (outcome.kind !== 'token') {
      throw new CloudError(
        'login-failed',
        'the cloud accepted the code but sent no token: try again',
      );
    }
    return outcome.token;
  }

  /**
   * Step 2 for authenticator (TOTP) accounts: the website's CSRF cookie, then `sign-in/tfa`.
   * The token comes back as a `token` cookie (or an `accessToken`/`token` field).
   */
  async loginWithTotp(tfaKey: string, totpCode: string): Promise<CloudToken> {
    const csrfRes = await cloudFetch(
      { method: 'GET', url: `${this.endpoints.webUrl}/api/csrf` },
      this.#http,
    );
    const csrf = cookieValue(csrfRes.setCookies, 'bbl_csrf_token');
    const headers: Record<string, string> = {};
    if (csrf !== null) {
      headers['cookie'] = `bbl_csrf_token=${csrf}`;
      headers['x-bbl-csrf-token'] = csrf;
    }
    const res = await cloudFetch(
      {
        method: 'POST',
        url: `${this.endpoints.webUrl}/api/sign-in/tfa`,
        body: { tfaKey, tfaCode: totpCode.trim() },
        headers,
        passStatuses: [400, 401],
      },
      this.#http,
    ).catch((err: unknown) => {
      if (err instanceof CloudError && err.status === 403 && err.code !== 'cloudflare') {
        throw new CloudError(
          'client-rejected',
          `Bambu's two-factor sign-in refused this client (HTTP 403${err.apiCode === undefined ? '' : `, code ${err.apiCode}`}): log in with a code sent by email instead`,
          { status: 403 },
        );
      }
      throw err;
    });
    if (res.status !== 200 && errorFields(res.json).code === 1) {
      throw new CloudError(
        'code-expired',
        'the two-factor sign-in session expired: log in again with the password',
        { status: res.status, apiCode: 1 },
      );
    }
    if (res.status !== 200) {
      throw new CloudError(
        'code-wrong',
        'the authenticator code was not accepted: wait for the next code and try again',
        { status: res.status },
      );
    }
    const fromCookie = cookieValue(res.setCookies, 'token');
    const body = LoginResponse.extend({ token: z.string().nullish() }).safeParse(res.json ?? {});
    const token =
      fromCookie ?? (body.success ? (body.data.accessToken ?? body.data.token ?? null) : null);
    if (token === null || token === '') {
      throw new CloudError(
        'login-failed',
        'two-factor sign-in answered without a token: try again, or log in with an email code',
      );
    }
    return makeToken(token, body.success ? (body.data.refreshToken ?? null) : null, null);
  }

  /** Convenience: password login, and when the cloud demands a code, ask `getCode` for it. */
  async login(
    account: string,
    password: string,
    getCode: (kind: 'email' | 'totp') => Promise<string>,
  ): Promise<CloudToken> {
    const outcome = await this.loginWithPassword(account, password);
    switch (outcome.kind) {
      case 'token':
        return outcome.token;
      case 'code-required':
        return this.loginWithCode(account, await getCode('email'));
      case 'tfa-required':
        return this.loginWithTotp(outcome.tfaKey, await getCode('totp'));
    }
  }
}

function parseOutcome(json: unknown): LoginOutcome {
  const parsed = LoginResponse.safeParse(json ?? {});
  if (!parsed.success) {
    throw new CloudError(
      'bad-response',
      'login answered with an unexpected shape: try again later',
    );
  }
  const d = parsed.data;
  if (typeof d.accessToken === 'string' && d.accessToken !== '') {
    return {
      kind: 'token',
      token: makeToken(d.accessToken, d.refreshToken ?? null, d.expiresIn ?? null),
    };
  }
  if (d.loginType === 'verifyCode') return { kind: 'code-required' };
  if (d.loginType === 'tfa' && typeof d.tfaKey === 'string' && d.tfaKey !== '') {
    return { kind: 'tfa-required', tfaKey: d.tfaKey };
  }
  const { text } = errorFields(json);
  throw new CloudError(
    'login-failed',
    `login did not succeed${text === undefined ? '' : ` ("${text}")`}: check the account and password`,
  );
}

function makeToken(token: string, refresh: string | null, expiresIn: number | null): CloudToken {
  const expiresAt =
    tokenExpiresAt(token) ??
    (expiresIn !== null && expiresIn > 0 ? Date.now() + expiresIn * 1000 : null);
  return { token, refreshToken: refresh === '' ? null : refresh, expiresAt };
}

/** Value of cookie `name` among `Set-Cookie` headers, or null. */
export function cookieValue(setCookies: readonly string[], name: string): string | null {
  for (const line of setCookies) {
    const first = line.split(';', 1)[0] ?? '';
    const eq = first.indexOf('=');
    if (eq > 0 && first.slice(0, eq).trim() === name) {
      const value = first.slice(eq + 1).trim();
      return value === '' ? null : decodeURIComponent(value);
    }
  }
  return null;
}
