/** One CSV column: its header and how to read a row's cell. */
export interface CsvColumn<T> {
  readonly header: string;
  readonly cell: (row: T) => string | number | null | undefined;
}

/** A cell quoted when it holds a separator, quote or line break; a leading =+-@ is defused for spreadsheets. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 text (CRLF line ends) with a header line. */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.cell(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
