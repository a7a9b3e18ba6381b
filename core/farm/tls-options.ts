import type { TlsTrust as TrustSetting } from '../../shared/contract/farm-schemas.ts';
import type { TlsTrust } from '../mqtt/connection-options.ts';

/** The link's TLS options for a printer's trust setting (undefined = Bambu's printer CAs). */
export function linkTlsOf(trust: TrustSetting): TlsTrust | undefined {
  switch (trust.mode) {
    case 'bambu-ca':
      return undefined;
    case 'skip-verification':
      return { insecure: true };
    case 'custom-ca':
      return { ca: trust.caPem };
  }
}
