import { sql, type SQL } from 'drizzle-orm';
import type {
  FailureCount,
  FilamentTotal,
  PrinterUtilisation,
  StatsCounts,
  StatsGroup,
  StatsQuery,
  StatsResult,
  StatsSeriesPoint,
} from '../../shared/contract/records-schemas.ts';
import { FarmFailure } from '../../shared/contract/result.ts';
import type { StatsStore } from '../farm/records-port.ts';
import type { Db } from './db.ts';
import { allOf, inList, ms, ts } from './sql-kit.ts';

const COUNTS = sql.raw(`count(*)::int AS jobs,
  count(*) FILTER (WHERE j.result = 'finished')::int AS finished,
  count(*) FILTER (WHERE j.result = 'failed')::int AS failed,
  count(*) FILTER (WHERE j.result = 'cancelled')::int AS cancelled,
  coalesce(sum(extract(epoch FROM coalesce(j.ended_at, now()) - j.started_at)), 0)::float8 / 3600 AS hours,
  coalesce(sum(j.filament_grams), 0)::float8 AS grams`);

interface CountsRow {
  [key: string]: unknown;
  jobs: number;
  finished: number;
  failed: number;
  cancelled: number;
  hours: number;
  grams: number;
}

const GROUPS: Record<StatsQuery['groupBy'], { key: SQL; label: SQL; from: SQL }> = {
  printer: {
    key: sql`j.printer_id`,
    label: sql`max(j.printer_name)`,
    from: sql`history_jobs j`,
  },
  model: {
    key: sql`coalesce(j.printer_model, 'unknown')`,
    label: sql`coalesce(max(j.printer_model), 'unknown')`,
    from: sql`history_jobs j`,
  },
  file: {
    key: sql`coalesce(j.library_file_id, j.file_name)`,
    label: sql`max(j.file_name)`,
    from: sql`history_jobs j`,
  },
  material: {
    key: sql`m.material`,
    label: sql`m.material`,
    // One row per job and material (a job may use two spools of one material).
    from: sql`history_jobs j JOIN (SELECT DISTINCT f.job_id, f.material FROM history_filament f) m ON m.job_id = j.id`,
  },
};

/** Statistics over the history: one transaction, days cut in the query's time zone. */
export class SqlStatsStore implements StatsStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  query(q: StatsQuery): Promise<StatsResult> {
    if (!(q.to > q.from)) throw new FarmFailure('invalid-input', 'the range ends before it starts');
    const zone = checkZone(q.timeZone ?? 'UTC');
    const bucket = q.bucket ?? (q.to - q.from <= 2 * 86_400_000 ? 'hour' : 'day');
    const step = sql.raw(bucket === 'hour' ? `interval '1 hour'` : `interval '1 day'`);
    const unit = sql.raw(`'${bucket}'`);
    const conditions: SQL[] = [sql`j.started_at >= ${ts(q.from)}`, sql`j.started_at < ${ts(q.to)}`];
    if (q.printerIds) conditions.push(inList(sql`j.printer_id`, q.printerIds));
    if (q.excludeDemo) conditions.push(sql`NOT j.demo`);
    const where = allOf(conditions);
    const group = GROUPS[q.groupBy];

    // Independent passes run at once (on a server each takes a pooled connection), each in a
    // transaction cutting days in the query's zone.
    const inZone = <T extends Record<string, unknown>>(query: SQL) =>
      this.db.transaction(async (tx) => {
        await tx.execute(sql`SELECT set_config('TimeZone', ${zone}, true)`);
        return tx.execute<T>(query);
      });
    return (async () => {
      const groupsRun = inZone<CountsRow & { key: string; label: string }>(sql`
        SELECT ${group.key} AS key, ${group.label} AS label, ${COUNTS}
        FROM ${group.from} WHERE ${where} GROUP BY 1 ORDER BY jobs DESC, key LIMIT 200`);
      const bucketsRun = inZone<{ s: number; e: number }>(sql`
        SELECT (extract(epoch FROM s) * 1000)::float8 AS s,
               (extract(epoch FROM s + ${step}) * 1000)::float8 AS e
        FROM generate_series(date_trunc(${unit}, ${ts(q.from)}), ${ts(q.to)} - interval '1 microsecond', ${step}) s
        ORDER BY s`);
      const seriesRun = inZone<CountsRow & { s: number }>(sql`
        SELECT (extract(epoch FROM date_trunc(${unit}, j.started_at)) * 1000)::float8 AS s, ${COUNTS}
        FROM history_jobs j WHERE ${where} GROUP BY 1 ORDER BY 1`);
      const overlapWhere = allOf([
        sql`j.started_at < ${ts(q.to)}`,
        sql`coalesce(j.ended_at, now()) > ${ts(q.from)}`,
        ...(q.printerIds ? [inList(sql`j.printer_id`, q.printerIds)] : []),
        ...(q.excludeDemo ? [sql`NOT j.demo`] : []),
      ]);
      // Busy spans, cut into buckets here: one generate_series per job in SQL costs far more.
      // One row per printer (its spans as text, and the name of its latest job): moving 100,000
      // rows out of PGlite costs far more than one string per printer.
      const spansRun = inZone<{ p: string; name: string; spans: string }>(sql`
        SELECT j.printer_id AS p, (array_agg(j.printer_name ORDER BY j.started_at DESC))[1] AS name,
               string_agg(${ms(sql`j.started_at`)} || ' ' || ${ms(sql`coalesce(j.ended_at, now())`)}, ' ') AS spans
        FROM history_jobs j WHERE ${overlapWhere} GROUP BY 1`);
      const filamentRun = inZone<{
        material: string;
        color: string | null;
        grams: number;
        jobs: number;
      }>(sql`
        SELECT f.material, f.color, coalesce(sum(f.grams), 0)::float8 AS grams,
               count(DISTINCT f.job_id)::int AS jobs
        FROM history_filament f JOIN history_jobs j ON j.id = f.job_id
        WHERE ${where} GROUP BY 1, 2 ORDER BY grams DESC LIMIT 100`);
      const failuresRun = inZone<{ reason: string; n: number; last: number }>(sql`
        SELECT j.failure_summary AS reason, count(*)::int AS n,
               (extract(epoch FROM max(j.started_at)) * 1000)::float8 AS last
        FROM history_jobs j
        WHERE ${where} AND j.result IN ('failed', 'cancelled') AND j.failure_summary IS NOT NULL
        GROUP BY 1 ORDER BY n DESC, reason LIMIT 10`);

      const [groups, buckets, series, spans, filament, failures] = await Promise.all([
        groupsRun,
        bucketsRun,
        seriesRun,
        spansRun,
        filamentRun,
        failuresRun,
      ]);
      const starts = buckets.rows.map((b) => Number(b.s));
      const now = this.now();
      const wall = buckets.rows.map(
        (b) => Math.max(0, Math.min(Number(b.e), q.to, now) - Math.max(Number(b.s), q.from)) / 1000,
      );
      return {
        from: q.from,
        to: q.to,
        bucket,
        totals: counts(sumCounts(series.rows)),
        groups: groups.rows.map((r): StatsGroup => ({ key: r.key, label: r.label, ...counts(r) })),
        bucketStarts: starts,
        series: series.rows.map((r): StatsSeriesPoint => ({
          start: Number(r.s),
          jobs: r.jobs,
          finished: r.finished,
          failed: r.failed,
          cancelled: r.cancelled,
          printHours: Number(r.hours),
        })),
        utilisation: utilisation(
          spans.rows,
          new Map(spans.rows.map((r) => [r.p, r.name])),
          buckets.rows.map((b) => ({
            s: Math.max(Number(b.s), q.from),
            e: Math.min(Number(b.e), q.to),
          })),
          wall,
        ),
        filament: filament.rows.map((r): FilamentTotal => ({
          material: r.material,
          color: r.color,
          grams: Number(r.grams),
          jobs: r.jobs,
        })),
        failureReasons: failures.rows.map((r): FailureCount => ({
          reason: r.reason,
          count: r.n,
          lastAt: Number(r.last),
        })),
      };
    })();
  }
}

function sumCounts(rows: readonly CountsRow[]): CountsRow {
  const total: CountsRow = { jobs: 0, finished: 0, failed: 0, cancelled: 0, hours: 0, grams: 0 };
  for (const r of rows) {
    total.jobs += r.jobs;
    total.finished += r.finished;
    total.failed += r.failed;
    total.cancelled += r.cancelled;
    total.hours += Number(r.hours);
    total.grams += Number(r.grams);
  }
  return total;
}

function counts(row: CountsRow | undefined): StatsCounts {
  const finished = row?.finished ?? 0;
  const ended = finished + (row?.failed ?? 0) + (row?.cancelled ?? 0);
  return {
    jobs: row?.jobs ?? 0,
    finished,
    failed: row?.failed ?? 0,
    cancelled: row?.cancelled ?? 0,
    successRate: ended > 0 ? finished / ended : null,
    printHours: Number(row?.hours ?? 0),
    filamentGrams: Number(row?.grams ?? 0),
  };
}

function utilisation(
  printers: readonly { p: string; spans: string }[],
  names: ReadonlyMap<string, string>,
  buckets: readonly { s: number; e: number }[],
  wall: readonly number[],
): PrinterUtilisation[] {
  const busy = new Map<string, number[]>();
  const starts = buckets.map((b) => b.s);
  const addSpan = (row: number[], a: number, b: number) => {
    // First bucket ending after `a`, then on while buckets start before `b`.
    let i = Math.max(0, upperBound(starts, a) - 1);
    for (; i < buckets.length && buckets[i]!.s < b; i++) {
      const overlap = Math.min(b, buckets[i]!.e) - Math.max(a, buckets[i]!.s);
      if (overlap > 0) row[i]! += overlap / 1000;
    }
  };
  for (const printer of printers) {
    const row = buckets.map(() => 0);
    busy.set(printer.p, row);
    const numbers = printer.spans.split(' ');
    for (let k = 0; k + 1 < numbers.length; k += 2)
      addSpan(row, Number(numbers[k]), Number(numbers[k + 1]));
  }
  const totalWall = wall.reduce((x, y) => x + y, 0);
  return [...busy.entries()]
    .map(([printerId, row]) => ({
      printerId,
      printerName: names.get(printerId) ?? printerId,
      buckets: row.map((x, i) => (wall[i]! > 0 ? Math.min(1, x / wall[i]!) : 0)),
      overall: totalWall > 0 ? Math.min(1, row.reduce((x, y) => x + y, 0) / totalWall) : 0,
    }))
    .sort((x, y) => x.printerName.localeCompare(y.printerName));
}

/** Index of the first element greater than `value` in an ascending array. */
function upperBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function checkZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    throw new FarmFailure(
      'invalid-input',
      `unknown time zone ${zone}: use an IANA name such as Europe/Berlin`,
    );
  }
}
