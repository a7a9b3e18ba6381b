import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.ts';

describe('csv', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('leaves empty cells for missing values and non-finite numbers', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(-3.5)).toBe('-3.5');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('writes a header and one CRLF line per row', () => {
    const text = toCsv(
      [
        { header: 'file', cell: (r: { f: string; g: number | null }) => r.f },
        { header: 'grams', cell: (r) => r.g },
      ],
      [
        { f: 'bracket, v3.gcode.3mf', g: 12.5 },
        { f: 'clip', g: null },
      ],
    );
    expect(text).toBe('file,grams\r\n"bracket, v3.gcode.3mf",12.5\r\nclip,\r\n');
  });
});
