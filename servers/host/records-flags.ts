import { recordsStore, type SqlRecords } from '../../core/store/records-store.ts';

/** Usage lines of the history flags (host and demo). */
export const RECORDS_USAGE = `  --database-url <url>  PostgreSQL for history, library and statistics, shared by several
                        Farmdeck instances (or FARMDECK_DATABASE_URL); default: embedded
                        database in <data-dir>/history-db
  --library-cap-gb <n>  size cap of the file library (default 20)
  --no-history          run without history, library and statistics
`;

export const RECORDS_OPTIONS = {
  'database-url': { type: 'string' },
  'library-cap-gb': { type: 'string' },
  'no-history': { type: 'boolean' },
} as const;

export interface RecordsFlags {
  'database-url'?: string | undefined;
  'library-cap-gb'?: string | undefined;
  'no-history'?: boolean | undefined;
}

/**
 * The farm's database from the flags, or undefined with --no-history. The URL may hold a password:
 * prefer FARMDECK_DATABASE_URL over the flag (other users can read a process's arguments).
 */
export function recordsFromFlags(dataDir: string, flags: RecordsFlags): SqlRecords | undefined {
  if (flags['no-history']) return undefined;
  const databaseUrl = flags['database-url'] ?? process.env['FARMDECK_DATABASE_URL'];
  const cap = flags['library-cap-gb'];
  const capGb = cap === undefined ? undefined : Number(cap);
  if (capGb !== undefined && !(capGb > 0)) {
    throw new Error(`--library-cap-gb must be a positive number of gigabytes, not "${cap}"`);
  }
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error(
      '--database-url must be a PostgreSQL URL: postgres://user:password@host:5432/database',
    );
  }
  return recordsStore({
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(capGb !== undefined ? { libraryCapBytes: Math.round(capGb * 1024 ** 3) } : {}),
  });
}
