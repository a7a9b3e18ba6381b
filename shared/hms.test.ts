import { describe, expect, it } from 'vitest';
import {
  HMS_WIKI_HOME,
  decodeHms,
  decodeHmsList,
  decodePrintError,
  formatHmsCode,
  formatPrintErrorCode,
  hmsModule,
  hmsSeverity,
  hmsText,
  hmsWikiUrl,
  printErrorText,
} from './hms.ts';
import { HMS_TEXTS } from './hms-texts.ts';
import { PRINT_ERROR_TEXTS } from './print-error-texts.ts';

/** attr/code pair for an HMS code written the wiki way. */
function wire(code: string): { attr: number; code: number } {
  const [a, b, c, d] = code.split('_').map((g) => parseInt(g, 16));
  return { attr: (((a ?? 0) << 16) | (b ?? 0)) >>> 0, code: (((c ?? 0) << 16) | (d ?? 0)) >>> 0 };
}

describe('HMS decoding', () => {
  it('decodes the capture example of hms.md', () => {
    expect(decodeHms({ attr: 50331904, code: 65543 })).toEqual({
      code: '0300_0100_0001_0007',
      severity: 'fatal',
      module: 'mc',
      message: 'The heatbed temperature is abnormal; the sensor may have an open circuit.',
      url: 'https://wiki.bambulab.com/en/x1/troubleshooting/hmscode/0300_0100_0001_0007',
    });
  });

  it('formats codes and picks severity and module from the bit layout', () => {
    expect(formatHmsCode(0x07002000, 0x00020001)).toBe('0700_2000_0002_0001');
    expect(formatHmsCode(-1, -1)).toBe('FFFF_FFFF_FFFF_FFFF');
    expect([1, 2, 3, 4, 0, 9].map((l) => hmsSeverity(l << 16))).toEqual([
      'fatal',
      'serious',
      'common',
      'info',
      'unknown',
      'unknown',
    ]);
    expect([0x03, 0x05, 0x07, 0x08, 0x0c, 0x12, 0x18, 0x42].map((m) => hmsModule(m << 24))).toEqual(
      ['mc', 'mainboard', 'ams', 'toolhead', 'xcam', 'ams-lite', 'ams-ht', 'unknown'],
    );
  });

  it('knows the common codes of hms.md with their severity', () => {
    const cases: [string, string, RegExp][] = [
      [
        '0300_0100_0001_0001',
        'fatal',
        /heatbed temperature is abnormal; the heater may have a short/,
      ],
      ['0300_0300_0001_0001', 'fatal', /hotend cooling fan speed is too slow/],
      ['0300_0400_0002_0001', 'serious', /part cooling fan is too slow/],
      ['0500_0500_0001_0007', 'fatal', /MQTT Command verification failed/],
      ['0700_2000_0002_0001', 'serious', /^AMS A Slot 1 filament has run out/],
      ['07FF_2000_0002_0001', 'serious', /^External filament has run out/],
      ['0C00_0300_0003_000B', 'common', /Inspecting the first layer/],
      ['1200_2000_0002_0001', 'serious', /^AMS A Slot1 filament has run out/],
      ['18FF_2000_0002_0001', 'serious', /^External filament has run out/],
    ];
    for (const [code, severity, text] of cases) {
      const entry = decodeHms(wire(code));
      expect(entry?.code).toBe(code);
      expect(entry?.severity).toBe(severity);
      expect(entry?.message).toMatch(text);
      // A page from the per-code table, or the HMS home page: never a URL built from the code.
      expect(entry?.url).toBe(hmsWikiUrl(code.replaceAll('_', '')));
    }
  });

  it('derives texts of other AMS units and slots from the shipped ones', () => {
    expect(hmsText('0701200000020001')).toBe(
      'AMS B Slot 1 filament has run out. Please insert a new filament.',
    );
    expect(hmsText('0703230000020001')).toBe(
      'AMS D Slot 4 filament has run out. Please insert a new filament.',
    );
    expect(hmsText('0702220000010083')).toBe(
      'Failed to read the filament information from AMS C slot 3. The RFID tag may be damaged.',
    );
    expect(hmsText('1801200000020001')).toBe(
      'AMS-HT B Slot 1 filament has run out. Please insert a new filament.',
    );
    expect(hmsText('1805800000010001')).toBe(
      'AMS-HT F The current sensor of heater 1 is abnormal.',
    );
    expect(hmsText('1200210000020001')).toBe(
      'AMS A Slot2 filament has run out; please insert a new filament.',
    );
    expect(hmsText('0704500000020001')).toBe(
      'AMS E communication is abnormal; please check the connection cable.',
    );
    // Unit-independent texts stay as they are.
    expect(hmsText('0705400000020003')).toBe(
      'The AMS Hub communication is abnormal; the cable may be not well connected.',
    );
    expect(hmsText('0300999900010001')).toBeNull();
  });

  it('links the wiki page of the code for the model, from the table (quirks.md, HMS)', () => {
    const page = (series: string, code: string) =>
      `https://wiki.bambulab.com/en/${series}/troubleshooting/hmscode/${code}`;
    const bed = wire('0300_0100_0001_0007');
    expect(decodeHms(bed)?.url).toBe(page('x1', '0300_0100_0001_0007'));
    expect(decodeHms(bed, 'H2D')?.url).toBe(page('h2', '0300_0100_0001_0007'));
    expect(decodeHms(bed, 'P2S')?.url).toBe(page('p2s', '0300_0100_0001_0007'));
    expect(decodeHms(bed, 'X2D')?.url).toBe(page('x2d', '0300_0100_0001_0007'));
    // The table has no A1 mini page for this code: the default page, not a guessed a1-mini one.
    expect(decodeHms(bed, 'A1 mini')?.url).toBe(page('x1', '0300_0100_0001_0007'));
    // A code whose default page is the A1 mini's.
    expect(decodeHms(wire('0300_0200_0001_0009'), 'P1S')?.url).toBe(
      page('a1-mini', '0300_0200_0001_0009'),
    );
    expect(decodeHms(wire('0300_0200_0001_0009'), 'H2D Pro')?.url).toBe(
      page('h2', '0300_0200_0001_0009'),
    );
    // Codes that share another code's page, and upstream's own spelling of a path.
    expect(hmsWikiUrl('07FF200000020001', 'X2D')).toBe(page('x2d', '07FE_2000_0002_0001'));
    expect(hmsWikiUrl('03000d000001000c')).toBe(page('x1', '0300-0d00-0001-000c'));
  });

  it('falls back to the HMS home page for codes the table lacks, even with a text', () => {
    const known = decodeHms(wire('0300_0100_0001_0001'));
    expect(known?.message).toMatch(/heater may have a short circuit/);
    expect(known?.url).toBe(HMS_WIKI_HOME);
    const unknown = decodeHms(wire('0300_0100_0001_0077'));
    expect(unknown).toMatchObject({
      code: '0300_0100_0001_0077',
      severity: 'fatal',
      message: 'Unknown HMS code 0300_0100_0001_0077: see the wiki page',
      url: HMS_WIKI_HOME,
    });
    expect(hmsWikiUrl('not a code')).toBe(HMS_WIKI_HOME);
  });

  it('skips unreadable, zero and duplicate entries', () => {
    const list = decodeHmsList([
      { attr: 50331904, code: 65543 },
      { attr: '50331904', code: '65543' },
      { attr: 0, code: 65543 },
      { attr: 50331904, code: 0 },
      { attr: 'x', code: 1 },
      { attr: -1.5, code: 1 },
      null,
      7,
      { code: 1 },
    ]);
    expect(list.map((e) => e.code)).toEqual(['0300_0100_0001_0007']);
    expect(decodeHmsList('nope')).toEqual([]);
    expect(decodeHmsList([{ attr: 0x12002000, code: 0x00020001 }])[0]?.module).toBe('ams-lite');
  });
});

describe('print_error decoding', () => {
  it('formats 8 zero-padded upper-case hex digits', () => {
    expect(formatPrintErrorCode(117473286)).toBe('0700_8006');
    expect(formatPrintErrorCode(0x12008011)).toBe('1200_8011');
    expect(formatPrintErrorCode(50348044)).toBe('0300_400C');
  });

  it('decodes the special values of hms.md', () => {
    const cases: [number, string, RegExp][] = [
      [50348044, '0300_400C', /^The task was canceled\.$/],
      [83902478, '0500_400E', /^Printing was cancelled\.$/],
      [83902468, '0500_4004', /busy/],
      [83902474, '0500_400A', /file name is not supported/],
      [83902466, '0500_4002', /Unsupported print file path or name/],
      [83918867, '0500_8013', /print file is not available/],
      [83935248, '0500_C010', /MicroSD Card read\/write exception/],
      [50364417, '0300_8001', /paused by the user/],
      [50364416, '0300_8000', /paused for unknown reason/],
      [50348032, '0300_4000', /Z axis homing failed/],
      [50348038, '0300_4006', /nozzle is clogged/],
      [117473297, '0700_8011', /AMS filament ran out/],
      [117473286, '0700_8006', /Unable to feed filament into the extruder/],
      [134184978, '07FF_8012', /Failed to get AMS mapping table/],
    ];
    for (const [value, code, text] of cases) {
      const error = decodePrintError(value);
      expect(error?.code).toBe(code);
      expect(error?.message).toMatch(text);
    }
  });

  it('derives other AMS units and reports unknown codes', () => {
    expect(printErrorText('07028017')).toBe(
      'AMS C is drying. Please stop drying process before loading/unloading material.',
    );
    expect(printErrorText('18038023')).toMatch(/^AMS-HT D cooling failed/);
    expect(decodePrintError(0x0300_7777)).toEqual({
      code: '0300_7777',
      message: 'Unknown print error 0300_7777: see https://wiki.bambulab.com/en/hms/error-code',
    });
  });

  it('returns null for no error and garbage', () => {
    for (const v of [0, '0', null, undefined, 'abc', -0.5, 2 ** 40, {}, []]) {
      expect(decodePrintError(v)).toBeNull();
    }
    expect(decodePrintError('50348044')?.code).toBe('0300_400C');
  });
});

describe('shipped text tables', () => {
  it('hold well-formed keys and non-empty texts', () => {
    expect(Object.keys(HMS_TEXTS).length).toBeGreaterThan(900);
    expect(Object.keys(PRINT_ERROR_TEXTS).length).toBeGreaterThan(500);
    for (const [k, v] of Object.entries(HMS_TEXTS)) {
      expect(k).toMatch(/^[0-9A-F]{16}$/);
      expect(v.trim()).not.toBe('');
    }
    for (const [k, v] of Object.entries(PRINT_ERROR_TEXTS)) {
      expect(k).toMatch(/^[0-9A-F]{8}$/);
      expect(v).not.toBe('unknown');
    }
  });
});
