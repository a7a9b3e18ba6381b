/**
 * Login routes of the virtual cloud (cloud-rest.md §4): password, email/SMS code, TOTP with
 * the website's double-submit CSRF check, and the dead refresh endpoint.
 */
import { randomBytes } from 'node:crypto';
import type { AccountStore, SimAccount } from './cloud-accounts.ts';
import { cookie, sendError, sendJson, sendLoginAgain, str, type Route } from './http-kit.ts';
import { verifyTotp } from './totp.ts';

/** What the auth routes need from the cloud. */
export interface AuthDeps {
  readonly store: AccountStore;
  readonly loginsPerMinute: number;
  readonly officialTfaOnly: boolean;
  log(line: string): void;
}

export function authRoutes(deps: AuthDeps): Route[] {
  const { store } = deps;

  const tokenBody = (acc: SimAccount) => {
    const token = store.issueToken(acc);
    return {
      accessToken: token,
      refreshToken: token,
      expiresIn: store.tokenTtlSec,
      refreshExpiresIn: store.tokenTtlSec,
      tfaKey: '',
      accessMethod: 'password',
      loginType: '',
    };
  };

  const sendCode = (acc: SimAccount, via: string) => {
    const code = store.newCode(acc);
    deps.log(`${via} code for ${acc.email}: ${code}`);
  };

  return [
    {
      method: 'POST',
      path: /^\/v1\/user-service\/user\/login$/,
      auth: false,
      handler: (req, res) => {
        const account = str(req.body, 'account');
        const acc = store.byAccount(account);
        const wait = store.rateCheck(`login:${account.toLowerCase()}`, deps.loginsPerMinute);
        if (wait > 0) {
          sendJson(
            res,
            429,
            { code: 429, error: 'Too many requests' },
            { 'retry-after': String(wait) },
          );
          return;
        }
        const code = str(req.body, 'code');
        if (code !== '') {
          if (acc === undefined) return sendError(res, 400, 1, 'Verification code expired');
          const check = store.checkCode(acc, code);
          if (check === 'expired') return sendError(res, 400, 1, 'Verification code expired');
          if (check === 'wrong') return sendError(res, 400, 2, 'Incorrect verification code');
          deps.log(`login with code: ${acc.email}`);
          return sendJson(res, 200, tokenBody(acc));
        }
        if (acc === undefined || acc.password !== str(req.body, 'password')) {
          return sendError(res, 400, 3, 'Incorrect account or password');
        }
        if (acc.login === 'email-code') {
          sendCode(acc, 'email');
          return sendJson(res, 200, { accessToken: '', loginType: 'verifyCode', tfaKey: '' });
        }
        if (acc.login === 'totp') {
          return sendJson(res, 200, {
            accessToken: '',
            loginType: 'tfa',
            tfaKey: store.newTfaKey(acc),
          });
        }
        deps.log(`login with password: ${acc.email}`);
        sendJson(res, 200, tokenBody(acc));
      },
    },
    {
      method: 'POST',
      path: /^\/v1\/user-service\/user\/sendemail\/code$/,
      auth: false,
      handler: (req, res) => {
        const acc = store.byAccount(str(req.body, 'email'));
        // Like a real mail service, answer the same whether the account exists or not.
        if (acc !== undefined) sendCode(acc, 'email');
        sendJson(res, 200, {});
      },
    },
    {
      method: 'POST',
      path: /^\/api\/v1\/user-service\/user\/sendsmscode$/,
      auth: false,
      handler: (req, res) => {
        const acc = store.byAccount(str(req.body, 'phone'));
        if (acc !== undefined) sendCode(acc, 'sms');
        sendJson(res, 200, {});
      },
    },
    {
      method: 'GET',
      path: /^\/api\/csrf$/,
      auth: false,
      handler: (_req, res) => {
        const value = randomBytes(16).toString('hex');
        sendJson(
          res,
          200,
          {},
          { 'set-cookie': `bbl_csrf_token=${value}; Path=/; HttpOnly; SameSite=Lax` },
        );
      },
    },
    {
      method: 'POST',
      path: /^\/api\/sign-in\/tfa$/,
      auth: false,
      handler: (req, res) => {
        const agent = req.headers['user-agent'] ?? '';
        if (deps.officialTfaOnly && !agent.startsWith('bambu_network_agent')) {
          return sendJson(res, 403, { code: 403, error: 'Forbidden' });
        }
        const fromCookie = cookie(req.headers, 'bbl_csrf_token');
        if (fromCookie === null) {
          return sendJson(res, 403, {
            error: 'CSRF error: missing_cookie',
            reason: 'missing_cookie',
          });
        }
        if (req.headers['x-bbl-csrf-token'] !== fromCookie) {
          return sendJson(res, 403, {
            error: 'CSRF error: missing_header',
            reason: 'missing_header',
          });
        }
        const key = str(req.body, 'tfaKey');
        const acc = store.accountOfTfaKey(key);
        if (acc === null || acc.totpSecret === null) {
          return sendError(res, 400, 1, 'Two-factor session expired, sign in again');
        }
        if (!verifyTotp(acc.totpSecret, str(req.body, 'tfaCode'))) {
          return sendError(res, 400, 2, 'Incorrect two-factor code');
        }
        store.dropTfaKey(key);
        const token = store.issueToken(acc);
        deps.log(`login with totp: ${acc.email}`);
        sendJson(res, 200, {}, { 'set-cookie': `token=${token}; Path=/; HttpOnly; Secure` });
      },
    },
    {
      method: 'POST',
      path: /^\/v1\/user-service\/user\/refreshtoken$/,
      auth: false,
      handler: (_req, res) => sendLoginAgain(res),
    },
  ];
}
