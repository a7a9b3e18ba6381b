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
export async function createPrinterCertificate(
  serial: string,
  issuer?: SimCertificate,
): Promise<SimCertificate> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: serial }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 24 * 3600_000),
    notAfterDate: new Date(now + 10 * 365 * 24 * 3600_000),
    ...(issuer ? { ca: { cert: issuer.cert, key: issuer.key } } : {}),
  });
  return { cert: pems.cert, key: pems.private };
}

/**
 * A CA for a virtual farm, playing Bambu's printer CA: printers started with it as `issuer` present
 * certificates it signed (still CN = serial), so clients trust the whole farm with one CA.
 */
export async function createSimCa(name = 'Farmdeck virtual printer CA'): Promise<SimCertificate> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 24 * 3600_000),
    notAfterDate: new Date(now + 10 * 365 * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      {
        name: 'keyUsage',
        keyCertSign: true,
        cRLSign: true,
        digitalSignature: true,
        critical: true,
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
