/** Parsing of `mqtts://host:port` broker URLs (the only scheme the cloud uses). */

/** Host and port of an `mqtts://host[:port]` URL (port default 8883). */
export function parseMqttUrl(url: string): { host: string; port: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`not a broker URL: "${url}" (expected mqtts://host:port)`);
  }
  if (parsed.protocol !== 'mqtts:') {
    throw new TypeError(`the cloud broker needs TLS: use mqtts://, not ${parsed.protocol}//`);
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return { host, port: parsed.port === '' ? 8883 : Number(parsed.port) };
}
