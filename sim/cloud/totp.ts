/**
 * RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits) for the virtual cloud's authenticator accounts.
 * Written here, in sim/, on purpose: the client never computes codes, a person types them.
 */
import { createHmac } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Decodes RFC 4648 base32 (case-insensitive, padding and spaces ignored). */
export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) throw new Error(`invalid base32 character "${ch}"`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP value for `counter`, `digits` long. */
export function hotp(key: Buffer, counter: number, digits = 6): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** The TOTP code of base32 `secret` at `timeMs` (30 s steps). */
export function totp(secret: string, timeMs: number = Date.now(), digits = 6): string {
  return hotp(base32Decode(secret), Math.floor(timeMs / 1000 / 30), digits);
}

/** True when `code` matches the current step or one step either side (clock drift). */
export function verifyTotp(secret: string, code: string, timeMs: number = Date.now()): boolean {
  const key = base32Decode(secret);
  const step = Math.floor(timeMs / 1000 / 30);
  return [step - 1, step, step + 1].some((s) => hotp(key, s) === code.trim());
}
