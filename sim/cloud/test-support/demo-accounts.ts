/**
 * Accounts the cloud integration tests share: one per login path, with devices that exist
 * only on paper (no MQTT port) unless a test binds real virtual printers.
 */
import type { VirtualCloudAccount, VirtualCloudDevice } from '../virtual-cloud-api.ts';

export const TOTP_SECRET = 'JBSWY3DPEHPK3PXP';

export const PAPER_DEVICES: VirtualCloudDevice[] = [
  { serial: '01P00A000000001', accessCode: '12345678', name: 'Bambu P1S', product: 'P1S' },
  { serial: '00M00A000000003', accessCode: '34567890', name: 'Bambu X1C', product: 'X1 Carbon' },
];

/** password / email-code / totp / opaque-token / China phone accounts. */
export function demoAccounts(devices: VirtualCloudDevice[] = PAPER_DEVICES): VirtualCloudAccount[] {
  return [
    { email: 'pw@example.com', password: 'pw-secret', uid: 1111, devices },
    { email: 'code@example.com', password: 'code-secret', uid: 2222, login: 'email-code', devices },
    {
      email: 'totp@example.com',
      password: 'totp-secret',
      uid: 3333,
      login: 'totp',
      totpSecret: TOTP_SECRET,
      devices,
    },
    { email: 'opaque@example.com', password: 'op-secret', uid: 4444, opaqueTokens: true, devices },
    { email: '13800138000', password: 'cn-secret', uid: 5555, login: 'email-code', devices: [] },
  ];
}
