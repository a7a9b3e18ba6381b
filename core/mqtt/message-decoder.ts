/**
 * Decoding of MQTT payloads from a printer: size cap before anything else, UTF-8 with a
 * Latin-1 fallback (ha-bambulab does the same), JSON that must be an object. Never throws.
 */

export type DecodeResult =
  | { readonly ok: true; readonly message: Record<string, unknown> }
  | {
      readonly ok: false;
      readonly reason: 'oversized' | 'malformed';
      /** Size of the payload, bytes. */
      readonly bytes: number;
      /** What was wrong, without the payload itself. */
      readonly detail: string;
    };

/** Default cap on one message: a full X1/H2 report is ~10-40 kB, so 2 MiB is generous. */
export const DEFAULT_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes one payload; `maxBytes` is checked before decoding or parsing. */
export function decodeMessage(
  payload: Uint8Array,
  maxBytes: number = DEFAULT_MAX_MESSAGE_BYTES,
): DecodeResult {
  const bytes = payload.byteLength;
  if (bytes > maxBytes) {
    return { ok: false, reason: 'oversized', bytes, detail: `${bytes} bytes, limit ${maxBytes}` };
  }
  const text = decodeText(payload);
  const parsed = parseJson(text);
  if (parsed === undefined) {
    return { ok: false, reason: 'malformed', bytes, detail: 'not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, reason: 'malformed', bytes, detail: 'JSON but not an object' };
  }
  return { ok: true, message: parsed as Record<string, unknown> };
}

/** UTF-8 when valid, else Latin-1 (every byte maps to one character). */
export function decodeText(payload: Uint8Array): string {
  try {
    return utf8.decode(payload);
  } catch {
    return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('latin1');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // X1 firmware can put raw control characters (newlines) inside strings: retry without them.
    // eslint-disable-next-line no-control-regex
    const cleaned = text.replace(/[\u0000-\u001f]/g, ' ');
    if (cleaned === text) return undefined;
    try {
      return JSON.parse(cleaned) as unknown;
    } catch {
      return undefined;
    }
  }
}
