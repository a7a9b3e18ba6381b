/**
 * Masking of secrets in what the servers log and answer: known secrets (tokens, access codes),
 * IPv4 addresses, the query of signed URLs, and JSON fields that hold credentials.
 */

/** What replaces a masked access code, password or other short secret. */
export const MASK = '********';

const IPV4 =
  /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.])/g;
const URL_WITH_QUERY = /\b((?:https?|ftps?|rtsps?):\/\/[^\s"'<>?#]+)\?[^\s"'<>#]*/gi;
const LOOPBACK = '127.0.0.1';

/** Field names (lower-case) whose values are always replaced entirely. */
const SECRET_FIELDS = new Set([
  'dev_access_code',
  'access_code',
  'accesscode',
  'password',
  'passwd',
  'authkey',
  'ttcode',
  'tfakey',
  'code',
  'secret',
  'upload_ticket',
  'ticket',
  'cookie',
  'authorization',
]);

/** Field names (lower-case) holding an address: masked whatever their type (reports send ints). */
const ADDRESS_FIELDS = new Set(['ip', 'ip_address', 'ipaddress', 'dev_ip', 'host']);

/** A token shown enough to tell two apart, never enough to use: `abcd…(40 chars)`. */
export function maskToken(token: string): string {
  if (token.length < 16) return MASK;
  return `${token.slice(0, 4)}…(${token.length} chars)`;
}

/**
 * Masks a piece of text: every listed secret (longest first), IPv4 addresses other than
 * loopback, and the query string of absolute URLs (where signed URLs keep their signature).
 */
export function maskText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  const sorted = secrets.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  for (const secret of sorted) out = out.split(secret).join('[redacted]');
  out = out.replace(URL_WITH_QUERY, '$1?[redacted]');
  out = out.replace(IPV4, (ip) => (ip === LOOPBACK ? ip : '[ip]'));
  return out;
}

/**
 * A masked deep copy of JSON data: credential fields replaced, token-like fields shortened
 * with {@link maskToken}, address fields replaced, every string passed through {@link maskText}.
 * `code` is masked only when it is a string (cloud error bodies carry numeric codes).
 */
export function maskJson(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (depth > 64) return null;
  if (typeof value === 'string') return maskText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => maskJson(v, secrets, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const k = key.toLowerCase();
    if (SECRET_FIELDS.has(k) && (k !== 'code' || typeof v === 'string')) {
      out[key] = v === null || v === '' ? v : MASK;
    } else if (k.includes('token') && typeof v === 'string') {
      out[key] = v === '' ? v : maskToken(v);
    } else if (ADDRESS_FIELDS.has(k) && v !== null && typeof v !== 'object') {
      out[key] = v === '' || v === LOOPBACK ? v : '[ip]';
    } else {
      out[key] = maskJson(v, secrets, depth + 1);
    }
  }
  return out;
}

/** A log sink that masks every line before passing it on. */
export function maskedLog(
  sink: (line: string) => void,
  secrets: () => readonly string[],
): (line: string) => void {
  return (line) => sink(maskText(line, secrets()));
}
