import { sql, type SQL } from 'drizzle-orm';

/** A timestamptz from ms since epoch. */
export const ts = (ms: number): SQL => sql`to_timestamp(${ms}::float8 / 1000)`;

/** ms since epoch of a timestamptz column or expression, as a float8 (a JS number on both drivers). */
export const ms = (column: SQL): SQL => sql`(extract(epoch FROM ${column}) * 1000)::float8`;

/** `a IN (…)` for a list of values (PGlite and pg serialise arrays differently; a list needs none). */
export const inList = (column: SQL, values: readonly (string | number)[]): SQL =>
  values.length === 0
    ? sql`false`
    : sql`${column} IN (${sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )})`;

/** A LIKE pattern matching `text` anywhere, with its wildcards escaped. */
export const contains = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Joins conditions with AND (true when none). */
export const allOf = (conditions: readonly SQL[]): SQL =>
  conditions.length === 0 ? sql`true` : sql.join([...conditions], sql` AND `);

/** JSON for a jsonb parameter. */
export const json = (value: unknown): SQL => sql`${JSON.stringify(value)}::jsonb`;
