/**
 * The virtual cloud's accounts: passwords, pending email codes and TOTP logins, tokens with
 * expiry, and per-minute rate limits. Pure state, no HTTP.
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import type { VirtualCloudAccount, VirtualCloudDevice } from './virtual-cloud-api.ts';

/** An account as the virtual cloud keeps it. */
export interface SimAccount {
  readonly email: string;
  readonly password: string;
  readonly uid: number;
  readonly name: string;
  readonly login: NonNullable<VirtualCloudAccount['login']>;
  readonly totpSecret: string | null;
  readonly opaqueTokens: boolean;
  readonly devices: VirtualCloudDevice[];
}

interface TokenInfo {
  uid: number;
  expiresAt: number;
}

interface PendingCode {
  code: string;
  expiresAt: number;
}

const SIGNING_KEY = randomBytes(32);

export class AccountStore {
  readonly accounts: SimAccount[];
  readonly #tokens = new Map<string, TokenInfo>();
  readonly #codes = new Map<string, PendingCode>();
  readonly #lastCode = new Map<string, string>();
  readonly #tfa = new Map<string, { uid: number; expiresAt: number }>();
  readonly #hits = new Map<string, number[]>();

  constructor(
    accounts: VirtualCloudAccount[],
    readonly tokenTtlSec: number,
    readonly codeTtlSec: number,
  ) {
    this.accounts = accounts.map((a, i) => ({
      email: a.email,
      password: a.password,
      uid: a.uid ?? 1_000_000_001 + i,
      name: a.name ?? `user_${a.uid ?? 1_000_000_001 + i}`,
      login: a.login ?? 'password',
      totpSecret: a.totpSecret ?? null,
      opaqueTokens: a.opaqueTokens ?? false,
      devices: a.devices ?? [],
    }));
  }

  byAccount(account: string): SimAccount | undefined {
    const key = account.trim().toLowerCase();
    return this.accounts.find((a) => a.email.toLowerCase() === key);
  }

  byUid(uid: number): SimAccount | undefined {
    return this.accounts.find((a) => a.uid === uid);
  }

  /** A new token: JWT-shaped (`username`, `exp`) unless the account wants opaque ones. */
  issueToken(acc: SimAccount, ttlSec = this.tokenTtlSec): string {
    const expiresAt = Date.now() + ttlSec * 1000;
    let token: string;
    if (acc.opaqueTokens) {
      token = 'AAB' + randomBytes(24).toString('base64url');
    } else {
      const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const head = b64({ alg: 'HS256', typ: 'JWT' });
      const body = b64({
        username: `u_${acc.uid}`,
        exp: Math.floor(expiresAt / 1000),
        iat: Math.floor(Date.now() / 1000),
        jti: randomBytes(8).toString('hex'),
      });
      const sig = createHmac('sha256', SIGNING_KEY).update(`${head}.${body}`).digest('base64url');
      token = `${head}.${body}.${sig}`;
    }
    this.#tokens.set(token, { uid: acc.uid, expiresAt });
    return token;
  }

  /** The account of a live token, or null (unknown, expired or revoked). */
  accountOfToken(token: string): SimAccount | null {
    const info = this.#tokens.get(token);
    if (info === undefined || info.expiresAt <= Date.now()) return null;
    return this.byUid(info.uid) ?? null;
  }

  expireTokens(uid?: number): void {
    for (const info of this.#tokens.values()) {
      if (uid === undefined || info.uid === uid) info.expiresAt = 0;
    }
  }

  /** Creates (and returns) a fresh 6-digit email code for the account. */
  newCode(acc: SimAccount): string {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    this.#codes.set(acc.email, { code, expiresAt: Date.now() + this.codeTtlSec * 1000 });
    this.#lastCode.set(acc.email.toLowerCase(), code);
    return code;
  }

  lastCode(email: string): string | null {
    return this.#lastCode.get(email.toLowerCase()) ?? null;
  }

  /** `ok`, `expired` (none pending or too old) or `wrong`. A correct code is used up. */
  checkCode(acc: SimAccount, code: string): 'ok' | 'expired' | 'wrong' {
    const pending = this.#codes.get(acc.email);
    if (pending === undefined || pending.expiresAt <= Date.now()) return 'expired';
    if (pending.code !== code.trim()) return 'wrong';
    this.#codes.delete(acc.email);
    return 'ok';
  }

  /** Test hook: make the pending code of `email` expire now. */
  expireCode(email: string): void {
    const acc = this.byAccount(email);
    const pending = acc === undefined ? undefined : this.#codes.get(acc.email);
    if (pending !== undefined) pending.expiresAt = 0;
  }

  newTfaKey(acc: SimAccount): string {
    const key = randomBytes(16).toString('hex');
    this.#tfa.set(key, { uid: acc.uid, expiresAt: Date.now() + 300_000 });
    return key;
  }

  accountOfTfaKey(key: string): SimAccount | null {
    const entry = this.#tfa.get(key);
    if (entry === undefined || entry.expiresAt <= Date.now()) return null;
    return this.byUid(entry.uid) ?? null;
  }

  dropTfaKey(key: string): void {
    this.#tfa.delete(key);
  }

  /**
   * Sliding one-minute window: records a hit for `key` and returns 0 when allowed, else the
   * seconds until the oldest hit leaves the window.
   */
  rateCheck(key: string, perMinute: number): number {
    const now = Date.now();
    const hits = (this.#hits.get(key) ?? []).filter((t) => t > now - 60_000);
    if (hits.length >= perMinute) {
      this.#hits.set(key, hits);
      return Math.max(1, Math.ceil(((hits[0] ?? now) + 60_000 - now) / 1000));
    }
    hits.push(now);
    this.#hits.set(key, hits);
    return 0;
  }
}
