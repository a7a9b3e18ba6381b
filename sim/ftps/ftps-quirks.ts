import type { VirtualPrinterFtpsOptions } from '../virtual-printer-api.ts';

/** One FTPS quirk of real printers that the virtual FTPS server can reproduce. */
export interface FtpsQuirk {
  /** What a real printer does, and where that is documented. */
  readonly description: string;
  /** Options of the virtual FTPS server (virtual printer `ftps`) that switch it on. */
  readonly ftps: Partial<VirtualPrinterFtpsOptions>;
}

/**
 * FTPS quirks by the name `bambu-sim --quirks` uses (reference quirks.md, "FTPS"). Merge this
 * map into the simulator's quirk registry; `ftpsQuirkOptions` turns chosen names into options.
 */
export const FTPS_QUIRKS = {
  'no-rename': {
    description:
      'the FTP server refuses RNFR/RNTO (550), as rename has "very mixed success" on P1S (BambuStudio#8802)',
    ftps: { refuseRename: true },
  },
  'hang-prot-p': {
    description:
      'an encrypted data channel (PROT P) hangs after 150, as on some A1 / A1 mini firmware (ftps.md §1.2)',
    ftps: { hangEncryptedData: true },
  },
} as const satisfies Readonly<Record<string, FtpsQuirk>>;

export type FtpsQuirkName = keyof typeof FTPS_QUIRKS;

/** True when `name` is one of FTPS_QUIRKS. */
export function isFtpsQuirk(name: string): name is FtpsQuirkName {
  return Object.hasOwn(FTPS_QUIRKS, name);
}

/** Virtual FTPS options for the FTPS quirks among `names`; other names are ignored. */
export function ftpsQuirkOptions(names: Iterable<string>): Partial<VirtualPrinterFtpsOptions> {
  let options: Partial<VirtualPrinterFtpsOptions> = {};
  for (const name of names) {
    if (isFtpsQuirk(name)) options = { ...options, ...FTPS_QUIRKS[name].ftps };
  }
  return options;
}
