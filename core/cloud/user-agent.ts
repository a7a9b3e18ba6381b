/** Farmdeck's version, as sent in its User-Agent. Kept in step with package.json by hand. */
export const FARMDECK_VERSION = '0.1.0';

/**
 * Our own, honest identity on every cloud request. Farmdeck never sends Bambu's client
 * headers (`X-BBL-Client-*`, `bambu_network_agent`) or signatures.
 */
export const FARMDECK_USER_AGENT = `Farmdeck/${FARMDECK_VERSION}`;
