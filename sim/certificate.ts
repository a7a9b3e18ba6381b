import { generate } from 'selfsigned';

/** A self-signed server certificate and its key, PEM. */
export interface SimCertificate {
  cert: string;
  key: string;
}

/**
 * A self-signed certificate with CN = `serial` (and a DNS name equal to it), the name real printers
 * present; clients verify with the PEM as CA and `servername: serial`. EC P-256 keeps start-up fast
 * for big virtual farms.
 */
export async function createPrinterCertificate(serial: string): Promise<SimCertificate> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: serial }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 24 * 3600_000),
    notAfterDate: new Date(now + 10 * 365 * 24 * 3600_000),
  });
  return { cert: pems.cert, key: pems.private };
}
