/**
 * The renderer's Content Security Policy, the one copy: the browser host and Electron send it as a
 * header, the built page carries it as a meta tag. The renderer talks to nothing but its own origin
 * (the engine owns every printer connection); `connect-src 'self'` covers the host's WebSockets.
 */
const DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  // Camera video plays through Media Source Extensions, whose source is a blob: URL.
  'media-src blob:',
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** As a response header. */
export const CONTENT_SECURITY_POLICY = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ');

/** As a `<meta http-equiv>` tag, where browsers ignore (and warn about) `frame-ancestors`. */
export const CONTENT_SECURITY_POLICY_META = DIRECTIVES.join('; ');
