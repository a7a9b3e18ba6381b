import type { VirtualPrinterFtpsOptions } from '../virtual-printer-api.ts';

/** One FTPS quirk of real printers that the virtual FTPS server can reproduce. */
export interface FtpsQuirk {
  /** What a real printer does. */
  readonly description: string;
  /** Where the behaviour comes from (quirks.md row, reference, peer code). */
  readonly source: string;
  /** Options of the virtual FTPS server (virtual printer `ftps`) that switch it on. */
  readonly ftps: Partial<VirtualPrinterFtpsOptions>;
}

/**
 * FTPS quirks by the name `bambu-sim --quirks` uses (reference quirks.md, "FTPS"). Merge this
 * map into the simulator's quirk registry; `ftpsQuirkOptions` turns chosen names into options.
 */
export const FTPS_QUIRKS = {
  'no-rename': {
    description: 'the FTP server refuses RNFR/RNTO (550); uploads must not depend on rename',
    source: 'quirks.md FTPS (rename: "very mixed success" on P1S); BambuStudio#8802',
    ftps: { refuseRename: true },
  },
  'hang-prot-p': {
    description:
      'an encrypted data channel (PROT P) hangs after 150, as on some A1 / A1 mini firmware',
    source: 'quirks.md FTPS; ftps.md §1.2; bambuddy bambu_ftp.py _should_use_prot_c',
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

/**
 * The FTPS quirks in the shape of another quirk registry: `make(name's summary, source, ftps
 * options)` builds one entry. For sim/quirks.ts (bambu-sim --quirks):
 * `...ftpsQuirkEntries((d, s, ftps) => quirk(d, s, (o) => withFtps(o, ftps))),`
 */
export function ftpsQuirkEntries<Q>(
  make: (description: string, source: string, ftps: Partial<VirtualPrinterFtpsOptions>) => Q,
): Record<FtpsQuirkName, Q> {
  const out = {} as Record<FtpsQuirkName, Q>;
  for (const name of Object.keys(FTPS_QUIRKS) as FtpsQuirkName[]) {
    const q: FtpsQuirk = FTPS_QUIRKS[name];
    out[name] = make(q.description, q.source, q.ftps);
  }
  return out;
}
