import { randomInt } from 'node:crypto';
import { createPrinterCertificate, type SimCertificate } from './certificate.ts';
import { MODEL_PRESETS } from './models.ts';
import type { SimModel, VirtualPrinterOptions } from './virtual-printer-api.ts';

/** Who a virtual printer is: shared by all of its services (MQTT, FTPS, camera). */
export interface PrinterIdentity {
  model: SimModel;
  serial: string;
  accessCode: string;
  host: string;
  /** CN = serial, self-signed or signed by `issuer`; every TLS service of the printer presents it. */
  certificate: SimCertificate;
}

const randomChars = (n: number, alphabet: string) =>
  Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');

/** A 15-character serial with the model's real prefix (models.md §1). */
export function randomSerial(model: SimModel): string {
  return MODEL_PRESETS[model].serialPrefix + randomChars(12, '0123456789ABCDEF');
}

/** Serial, access code, host and certificate from the options, with the defaults filled in. */
export async function createIdentity(options: VirtualPrinterOptions): Promise<PrinterIdentity> {
  if (!(options.model in MODEL_PRESETS))
    throw new Error(`unknown printer model "${options.model}"`);
  const serial = options.serial ?? randomSerial(options.model);
  return {
    model: options.model,
    serial,
    accessCode: options.accessCode ?? randomChars(8, '0123456789'),
    host: options.host ?? '127.0.0.1',
    certificate: await createPrinterCertificate(serial, options.issuer),
  };
}
