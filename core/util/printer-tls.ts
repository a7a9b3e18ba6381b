import {
  createSecureContext,
  type ConnectionOptions,
  type PeerCertificate,
  type SecureContext,
} from 'node:tls';
import { BAMBU_PRINTER_CAS } from '../mqtt/bambu-ca.ts';
import type { TlsTrust } from '../mqtt/connection-options.ts';

/**
 * TLS trust for a printer's own services (camera, FTPS), with the MQTT link's rules: the printer's
 * certificate must chain to `trust.ca`, or to Bambu's printer CAs when none is given; its subject
 * CN must be the serial when one is known (printers use CN = serial, not the IP address); `insecure`
 * turns every check off and must be asked for explicitly.
 */
export function printerTlsOptions(
  serial: string | undefined,
  trust: TlsTrust | undefined,
): ConnectionOptions {
  const options: ConnectionOptions = {};
  if (serial) options.servername = serial;
  if (trust?.insecure) {
    options.rejectUnauthorized = false;
    options.secureContext = sharedSecureContext(undefined);
    return options;
  }
  const ca = trust?.ca ?? BAMBU_PRINTER_CAS;
  options.ca = Array.isArray(ca)
    ? [...(ca as readonly (string | Buffer)[])]
    : (ca as string | Buffer);
  options.secureContext = sharedSecureContext(ca);
  options.rejectUnauthorized = true;
  options.checkServerIdentity = (_host: string, cert: PeerCertificate): Error | undefined =>
    checkSerialIdentity(cert, serial);
  return options;
}

/** Error when the certificate's CN is not the expected serial (case-insensitive); undefined if fine. */
export function checkSerialIdentity(
  cert: PeerCertificate,
  serial: string | undefined,
): Error | undefined {
  if (!serial) return undefined;
  const cn = subjectCn(cert);
  if (cn !== undefined && cn.toUpperCase() === serial.toUpperCase()) return undefined;
  const err = new Error(`certificate is for "${cn ?? '?'}", not serial ${serial}`);
  (err as NodeJS.ErrnoException).code = 'ERR_TLS_CERT_ALTNAME_INVALID';
  return err;
}

function subjectCn(cert: PeerCertificate): string | undefined {
  // Node types say string; with repeated attributes it is an array.
  const cn: unknown = (cert.subject as unknown as Record<string, unknown> | undefined)?.CN;
  if (typeof cn === 'string') return cn;
  if (Array.isArray(cn) && typeof cn[0] === 'string') return cn[0];
  return undefined;
}

type CaList = string | Buffer | readonly (string | Buffer)[];

const contexts = new Map<string, WeakRef<SecureContext>>();
const forget = new FinalizationRegistry<string>((key) => {
  if (contexts.get(key)?.deref() === undefined) contexts.delete(key);
});

/**
 * One TLS secure context per distinct CA list (undefined: Node's default roots), shared by every
 * connection that trusts the same CAs. Each context holds its own parsed certificate store: one per
 * connection cost 20 KB (one CA) to 66 KB (Bambu's printer CAs) of native memory per printer link.
 * Pass it as `secureContext`; Node then ignores `ca` in the same options.
 */
export function sharedSecureContext(ca: CaList | undefined): SecureContext {
  const list: readonly (string | Buffer)[] =
    ca === undefined ? [] : typeof ca === 'string' || Buffer.isBuffer(ca) ? [ca] : ca;
  const key = list.map((c) => (typeof c === 'string' ? c : c.toString('latin1'))).join('\0');
  const cached = contexts.get(key)?.deref();
  if (cached) return cached;
  const context = createSecureContext(ca === undefined ? {} : { ca: list as (string | Buffer)[] });
  contexts.set(key, new WeakRef(context));
  forget.register(context, key);
  return context;
}
