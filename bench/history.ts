// History benchmark (npm run bench:history): 100,000 jobs across 500 printers, on the embedded
// PGlite and on Debian's PostgreSQL (a throwaway cluster, or --database-url). Measures a page of
// history (p95 target < 50 ms), statistics over a year (p95 < 300 ms) and the database size.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { recordsStore, type SqlRecords } from '../core/store/records-store.ts';
import type { HistoryQuery, StatsQuery } from '../shared/contract/records-schemas.ts';
import { startPostgres } from '../test/support/postgres.ts';
import { syntheticRecord } from './history-fixtures.ts';

const YEAR = 365 * 86_400_000;
const FROM = Date.UTC(2025, 11, 1);

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function timed(runs: number, task: (i: number) => Promise<unknown>) {
  await task(0); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await task(i + 1);
    samples.push(performance.now() - t);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), runs };
}

async function bench(name: string, store: SqlRecords, jobs: number, printers: number) {
  await store.ping();
  const spread = { printers, from: FROM, spanMs: YEAR, count: jobs };
  const t0 = performance.now();
  const chunk = 5_000;
  for (let i = 0; i < jobs; i += chunk) {
    const records = [];
    for (let k = i; k < Math.min(jobs, i + chunk); k++) records.push(syntheticRecord(k, spread));
    await store.history.saveMany(records);
  }
  const insertS = (performance.now() - t0) / 1000;

  const pages: HistoryQuery[] = [
    { limit: 50 },
    { limit: 50, printerIds: ['p-17'] },
    { limit: 50, results: ['failed'] },
    { limit: 50, text: 'part-42' },
    { limit: 50, from: FROM + YEAR / 2, to: FROM + YEAR / 2 + 7 * 86_400_000 },
  ];
  let cursor: string | undefined;
  const page = await timed(100, async (i) => {
    const q = pages[i % pages.length]!;
    // Every fifth page follows the cursor of the previous first page: deep paging.
    const result = await store.history.list(i % 5 === 0 && cursor ? { limit: 50, cursor } : q);
    if (i % 5 === 0) cursor = result.nextCursor ?? undefined;
  });
  const stats: StatsQuery[] = [
    { from: FROM, to: FROM + YEAR, groupBy: 'printer' },
    { from: FROM, to: FROM + YEAR, groupBy: 'material', timeZone: 'Europe/Berlin' },
    { from: FROM, to: FROM + YEAR, groupBy: 'file' },
    { from: FROM, to: FROM + YEAR, groupBy: 'model' },
  ];
  const year = await timed(12, (i) => store.stats.query(stats[i % stats.length]!));
  const week = await timed(20, (i) =>
    store.stats.query({
      from: FROM + YEAR - 7 * 86_400_000,
      to: FROM + YEAR,
      groupBy: 'printer',
      bucket: i % 2 === 0 ? 'day' : 'hour',
    }),
  );
  return { name, insertS, page, year, week };
}

function du(path: string): number {
  return Number(execFileSync('du', ['-sb', path], { encoding: 'utf8' }).split('\t')[0]);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      jobs: { type: 'string' },
      printers: { type: 'string' },
      'database-url': { type: 'string' },
      only: { type: 'string' },
    },
  });
  const jobs = Number(values.jobs ?? 100_000);
  const printers = Number(values.printers ?? 500);
  const rows: string[] = [];
  const fmt = (n: number) => n.toFixed(1);
  const line = (r: Awaited<ReturnType<typeof bench>>, size: string) =>
    `| ${r.name} | ${fmt(r.insertS)} s | ${fmt(r.page.p50)} / ${fmt(r.page.p95)} ms | ${fmt(r.year.p50)} / ${fmt(r.year.p95)} ms | ${fmt(r.week.p50)} / ${fmt(r.week.p95)} ms | ${size} |`;

  if (values.only !== 'postgres') {
    const dataDir = mkdtempSync(join(tmpdir(), 'farmdeck-bench-history-'));
    const store = recordsStore({ dataDir });
    await store.ping();
    const empty = du(join(dataDir, 'history-db'));
    const r = await bench('PGlite (embedded)', store, jobs, printers);
    await store.close();
    const size = du(join(dataDir, 'history-db')) - empty;
    rows.push(line(r, `${fmt(((size / jobs) * 100_000) / 1024 ** 2)} MB`));
    console.log(rows.at(-1));
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (values.only !== 'pglite') {
    const server = values['database-url'] ? null : await startPostgres();
    const url = values['database-url'] ?? (await server!.createDatabase('bench'));
    const dataDir = mkdtempSync(join(tmpdir(), 'farmdeck-bench-history-'));
    const store = recordsStore({ dataDir, databaseUrl: url });
    const r = await bench('PostgreSQL (Debian)', store, jobs, printers);
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: url });
    await client.connect();
    const size = await client.query<{ b: string }>(
      `SELECT (pg_total_relation_size('history_jobs') + pg_total_relation_size('history_filament'))::text AS b`,
    );
    await client.end();
    await store.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rows.push(line(r, `${fmt(((Number(size.rows[0]!.b) / jobs) * 100_000) / 1024 ** 2)} MB`));
    console.log(rows.at(-1));
  }
  console.log(`\n${jobs} jobs across ${printers} printers\n`);
  console.log(
    '| database | insert | history page p50 / p95 | stats over a year p50 / p95 | stats over a week p50 / p95 | size per 100,000 jobs |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(r);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
