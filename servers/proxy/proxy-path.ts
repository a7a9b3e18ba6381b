/**
 * One spelling per path before the proxy classifies or forwards it: `/v1//user-service/…`,
 * `/v1/%75ser-service/…` and `/v1/x/../user-service/…` are all `/v1/user-service/…`, so they count
 * against the user endpoints' limit and reach the cloud as that path.
 */
import { HttpError } from '../common/http-kit.ts';

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * Decodes percent-encoded unreserved characters (RFC 3986 §6.2.2.2), upper-cases the other escapes,
 * merges repeated slashes and resolves `.` and `..` segments. Encoded slashes, backslashes and NULs
 * are refused (400): the cloud could read them as separators, and no API path needs them.
 */
export function normalizeProxyPath(pathname: string): string {
  if (/%(2f|5c|00)/i.test(pathname) || pathname.includes('\\')) {
    throw new HttpError(
      400,
      'bad-path',
      'the path holds an encoded slash, backslash or NUL: send the API path as plain segments',
    );
  }
  const decoded = pathname.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : escape.toUpperCase();
  });
  const out: string[] = [];
  const segments = decoded.split('/').filter((s, i, all) => s !== '' || i === all.length - 1);
  for (const segment of segments) {
    if (segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  const last = segments.at(-1);
  const trailing = last === '' || last === '.' || last === '..';
  const joined = '/' + out.filter((s) => s !== '').join('/');
  return trailing && joined !== '/' ? joined + '/' : joined;
}
