/** Parsing of `mqtts://host:port` broker URLs (the only scheme the cloud uses). */

/**
 * Host and port of an `mqtts://host[:port]` URL (port default 8883; IPv6 brackets removed, as
 * net/tls want them). Throws a TypeError saying what is wrong.
 */
export function parseMqttUrl(url: string): { host: string; port: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`"${url}" is not a URL; expected mqtts://HOST:PORT`);
  }
  if (parsed.protocol !== 'mqtts:' || parsed.hostname === '') {
    throw new TypeError(`the broker needs TLS: expected mqtts://HOST:PORT, not "${url}"`);
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = parsed.port === '' ? 8883 : Number(parsed.port);
  return { host, port };
}
