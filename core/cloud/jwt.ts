/**
 * Reading (never verifying) Bambu access tokens. Older tokens are JWTs whose payload carries
 * `username: "u_<uid>"` and `exp`; newer ones are opaque, and then both answers are null.
 */

/** The payload of a JWT-shaped token, or null when the token is opaque or undecodable. */
export function decodeJwtPayload(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined || parts[1] === '') return null;
  try {
    const json: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Expiry of the token in ms since epoch (from `exp`), or null when unknown. */
export function tokenExpiresAt(token: string): number | null {
  const exp = decodeJwtPayload(token)?.['exp'];
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
}

/** True when the token's `exp` has passed (false when the expiry is unknown). */
export function isTokenExpired(token: string, now: number = Date.now()): boolean {
  const at = tokenExpiresAt(token);
  return at !== null && at <= now;
}

/** The cloud MQTT username (`u_<uid>`) carried by a JWT token, or null. */
export function mqttUsernameFromToken(token: string): string | null {
  const username = decodeJwtPayload(token)?.['username'];
  return typeof username === 'string' && /^u_\d+$/.test(username) ? username : null;
}
