import { describe, expect, it } from 'vitest';
import { BAMBU_PRINTER_CAS } from '../mqtt/bambu-ca.ts';
import { buildClientOptions } from '../mqtt/connection-options.ts';
import { printerTlsOptions, sharedSecureContext } from './printer-tls.ts';

const settings = { clientId: 'c', keepaliveSeconds: 30, connectTimeoutMs: 1000 };
const local = (serial: string) =>
  ({ kind: 'local', host: '10.0.0.2', serial, accessCode: '12345678' }) as const;

describe('one TLS secure context per trust setting', () => {
  it('is shared by every connection with the same CAs, and differs between CAs', () => {
    const bambu = sharedSecureContext(BAMBU_PRINTER_CAS);
    expect(sharedSecureContext([...BAMBU_PRINTER_CAS])).toBe(bambu);
    expect(sharedSecureContext('PEM-A')).not.toBe(bambu);
  });

  it('links, cameras and FTPS to printers with the same trust use one context', () => {
    const a = buildClientOptions(local('01P00A000000001'), undefined, settings) as {
      secureContext?: unknown;
    };
    const b = buildClientOptions(local('01P00A000000002'), undefined, settings) as {
      secureContext?: unknown;
    };
    expect(a.secureContext).toBeDefined();
    expect(a.secureContext).toBe(b.secureContext);
    const camera = printerTlsOptions('01P00A000000003', undefined);
    expect(camera.secureContext).toBe(a.secureContext);
    // The serial check stays per connection.
    expect(camera.servername).toBe('01P00A000000003');
    expect(camera.rejectUnauthorized).toBe(true);
  });

  it('keeps insecure connections apart from verified ones', () => {
    const insecure = printerTlsOptions('S', { insecure: true });
    expect(insecure.rejectUnauthorized).toBe(false);
    expect(insecure.secureContext).not.toBe(printerTlsOptions('S', undefined).secureContext);
  });
});
