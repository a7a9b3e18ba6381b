// Fills a history database with synthetic jobs, one committed record at a time, printing
// `committed <n>` after each. The crash test kills it mid-write; by hand it makes a test farm's history.
//   node dist/bench/history-fill.js --data-dir <dir> [--database-url <url>] [--count <n>]
import { parseArgs } from 'node:util';
import { recordsStore } from '../core/store/records-store.ts';
import { syntheticRecord } from './history-fixtures.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      count: { type: 'string' },
      printers: { type: 'string' },
    },
  });
  const dataDir = values['data-dir'];
  if (!dataDir) throw new Error('--data-dir is required');
  const count = values.count === undefined ? Infinity : Number(values.count);
  const store = recordsStore({
    dataDir,
    ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}),
  });
  await store.ping();
  const spread = {
    printers: Number(values.printers ?? 50),
    from: Date.UTC(2026, 0, 1),
    spanMs: 365 * 86_400_000,
    count: 100_000,
  };
  for (let i = 0; i < count; i++) {
    await store.history.save(syntheticRecord(i, spread));
    process.stdout.write(`committed ${i}\n`);
  }
  await store.close();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
