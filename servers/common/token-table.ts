/**
 * Lookup of presented tokens in constant time: every stored token is compared (SHA-256 digests,
 * `timingSafeEqual`), with no early exit, so response time does not reveal how much matched.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** True when `a` equals `b`, compared in constant time over their digests. */
export function tokensEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

interface Entry<T> {
  readonly hash: Buffer;
  readonly value: T;
}

/** Maps secret keys to values; `lookup` compares against all keys every time. */
export class TokenTable<T> {
  private readonly entries: Entry<T>[];

  constructor(map: ReadonlyMap<string, T> | Readonly<Record<string, T>>) {
    const pairs = map instanceof Map ? [...map.entries()] : Object.entries(map);
    this.entries = pairs.map(([key, value]: [string, T]) => ({ hash: digest(key), value }));
  }

  get size(): number {
    return this.entries.length;
  }

  /** The value stored under `presented`, or null. */
  lookup(presented: string): T | null {
    const hash = digest(presented);
    let found: T | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.hash, hash)) found = entry.value;
    }
    return found;
  }
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}
