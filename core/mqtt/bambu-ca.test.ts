import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BAMBU_PRINTER_CAS } from './bambu-ca.ts';

describe('Bambu printer CAs', () => {
  const certs = BAMBU_PRINTER_CAS.map((pem) => new X509Certificate(pem));
  const byCn = (cn: string) => certs.filter((c) => c.subject.split('\n').includes(`CN=${cn}`));

  it('holds the BBL roots and the per-model device CAs, all CAs', () => {
    expect(certs).toHaveLength(8);
    for (const c of certs) expect(c.ca).toBe(true);
    expect(byCn('BBL CA')).toHaveLength(1);
    expect(byCn('BBL CA2 RSA')).toHaveLength(2);
    expect(byCn('BBL CA2 ECC')).toHaveLength(2);
    for (const model of ['N7-V2', 'O1C2-V2', 'N6-V2']) {
      expect(byCn(`BBL Device CA ${model}`)).toHaveLength(1);
    }
  });

  it('every certificate is signed by one of the others (the bundle is intact)', () => {
    for (const c of certs) {
      const issuer = certs.find((i) => c.checkIssued(i) && c.verify(i.publicKey));
      expect(issuer, c.subject).toBeDefined();
    }
  });
});
