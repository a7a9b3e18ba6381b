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
import { allOf, inList, ts } from './sql-kit.ts';

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
    from: sql`history_jobs j JOIN (SELECT DISTINCT job_id, material FROM history_filament) m ON m.job_id = j.id`,
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

    return this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT set_config('TimeZone', ${zone}, true)`);
      const totals = await tx.execute<CountsRow>(
        sql`SELECT ${COUNTS} FROM history_jobs j WHERE ${where}`,
      );
      const groups = await tx.execute<CountsRow & { key: string; label: string }>(sql`
        SELECT ${group.key} AS key, ${group.label} AS label, ${COUNTS}
        FROM ${group.from} WHERE ${where} GROUP BY 1 ORDER BY jobs DESC, key LIMIT 200`);
      const buckets = await tx.execute<{ s: number; e: number }>(sql`
        SELECT (extract(epoch FROM s) * 1000)::float8 AS s,
               (extract(epoch FROM s + ${step}) * 1000)::float8 AS e
        FROM generate_series(date_trunc(${unit}, ${ts(q.from)}), ${ts(q.to)} - interval '1 microsecond', ${step}) s
        ORDER BY s`);
      const series = await tx.execute<CountsRow & { s: number }>(sql`
        SELECT (extract(epoch FROM date_trunc(${unit}, j.started_at)) * 1000)::float8 AS s, ${COUNTS}
        FROM history_jobs j WHERE ${where} GROUP BY 1 ORDER BY 1`);
      const overlapWhere = allOf([
        sql`j.started_at < ${ts(q.to)}`,
        sql`coalesce(j.ended_at, now()) > ${ts(q.from)}`,
        ...(q.printerIds ? [inList(sql`j.printer_id`, q.printerIds)] : []),
        ...(q.excludeDemo ? [sql`NOT j.demo`] : []),
      ]);
      const busy = await tx.execute<{
        printer_id: string;
        name: string;
        s: number;
        secs: number;
      }>(sql`
        WITH w AS (
          SELECT j.printer_id, j.printer_name,
                 greatest(j.started_at, ${ts(q.from)}) AS a,
                 least(coalesce(j.ended_at, now()), ${ts(q.to)}) AS b
          FROM history_jobs j WHERE ${overlapWhere})
        SELECT w.printer_id, max(w.printer_name) AS name,
               (extract(epoch FROM s) * 1000)::float8 AS s,
               sum(extract(epoch FROM least(w.b, s + ${step}) - greatest(w.a, s)))::float8 AS secs
        FROM w CROSS JOIN LATERAL generate_series(date_trunc(${unit}, w.a), w.b - interval '1 microsecond', ${step}) s
        WHERE w.b > w.a
        GROUP BY 1, 3`);
      const filament = await tx.execute<{
        material: string;
        color: string | null;
        grams: number;
        jobs: number;
      }>(sql`
        SELECT f.material, f.color, coalesce(sum(f.grams), 0)::float8 AS grams,
               count(DISTINCT f.job_id)::int AS jobs
        FROM history_filament f JOIN history_jobs j ON j.id = f.job_id
        WHERE ${where} GROUP BY 1, 2 ORDER BY grams DESC LIMIT 100`);
      const failures = await tx.execute<{ reason: string; n: number; last: number }>(sql`
        SELECT j.failure_summary AS reason, count(*)::int AS n,
               (extract(epoch FROM max(j.started_at)) * 1000)::float8 AS last
        FROM history_jobs j
        WHERE ${where} AND j.result IN ('failed', 'cancelled') AND j.failure_summary IS NOT NULL
        GROUP BY 1 ORDER BY n DESC, reason LIMIT 10`);

      const starts = buckets.rows.map((b) => Number(b.s));
      const now = this.now();
      const wall = buckets.rows.map(
        (b) => Math.max(0, Math.min(Number(b.e), q.to, now) - Math.max(Number(b.s), q.from)) / 1000,
      );
      return {
        from: q.from,
        to: q.to,
        bucket,
        totals: counts(totals.rows[0]),
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
        utilisation: utilisation(busy.rows, starts, wall),
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
    });
  }
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
  rows: readonly { printer_id: string; name: string; s: number; secs: number }[],
  starts: readonly number[],
  wall: readonly number[],
): PrinterUtilisation[] {
  const index = new Map(starts.map((s, i) => [s, i]));
  const byPrinter = new Map<string, { name: string; busy: number[] }>();
  for (const row of rows) {
    const i = index.get(Number(row.s));
    if (i === undefined) continue;
    let entry = byPrinter.get(row.printer_id);
    if (!entry) {
      entry = { name: row.name, busy: starts.map(() => 0) };
      byPrinter.set(row.printer_id, entry);
    }
    entry.busy[i]! += Number(row.secs);
  }
  const totalWall = wall.reduce((a, b) => a + b, 0);
  return [...byPrinter.entries()]
    .map(([printerId, { name, busy }]) => ({
      printerId,
      printerName: name,
      buckets: busy.map((b, i) => (wall[i]! > 0 ? Math.min(1, b / wall[i]!) : 0)),
      overall: totalWall > 0 ? Math.min(1, busy.reduce((a, b) => a + b, 0) / totalWall) : 0,
    }))
    .sort((a, b) => a.printerName.localeCompare(b.printerName));
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
