import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { StatsResult, StatsSeriesPoint } from '../../../shared/contract/records-schemas.ts';

const COLORS = {
  finished: '#3fb37f',
  failed: '#e5534b',
  cancelled: '#e6a23c',
  hours: '#3b8eea',
  grid: '#2a313b',
  axis: '#8b95a3',
} as const;
const AXIS = { stroke: COLORS.axis, fontSize: 11 };
const TOOLTIP = {
  contentStyle: { background: '#1e232b', border: '1px solid #2a313b', borderRadius: 8 },
  labelStyle: { color: '#e6e9ee' },
  itemStyle: { padding: 0 },
  cursor: { fill: 'rgba(255,255,255,0.04)' },
  isAnimationActive: false,
};
const HEIGHT = 220;

/** `14:00` for hourly buckets, `5 Dec` for daily ones. */
export function bucketLabel(t: number, bucket: StatsResult['bucket']): string {
  const d = new Date(t);
  return bucket === 'hour'
    ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

/** One row per bucket of the range (empty buckets as zeros, so the axis spans the whole period). */
function rows(data: StatsResult) {
  const byStart = new Map<number, StatsSeriesPoint>(data.series.map((p) => [p.start, p]));
  const starts = data.bucketStarts.length > 0 ? data.bucketStarts : data.series.map((p) => p.start);
  return starts.map((start) => {
    const b = byStart.get(start);
    const finished = b?.finished ?? 0;
    const failed = b?.failed ?? 0;
    const cancelled = b?.cancelled ?? 0;
    const ended = finished + failed + cancelled;
    return {
      label: bucketLabel(start, data.bucket),
      finished,
      failed,
      cancelled,
      hours: Math.round((b?.printHours ?? 0) * 10) / 10,
      success: ended === 0 ? null : Math.round((finished / ended) * 100),
    };
  });
}

function ChartPanel({
  title,
  testId,
  children,
}: {
  title: string;
  testId: string;
  children: React.ReactNode;
}) {
  return (
    <section className="panel" aria-label={title} data-testid={testId}>
      <h2>{title}</h2>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        {children as React.ReactElement}
      </ResponsiveContainer>
    </section>
  );
}

/** Jobs per bucket, stacked by result. */
export function JobsChart({ data }: { data: StatsResult }) {
  return (
    <ChartPanel title="Jobs" testId="chart-jobs">
      <BarChart data={rows(data)}>
        <CartesianGrid stroke={COLORS.grid} vertical={false} />
        <XAxis dataKey="label" tick={AXIS} stroke={COLORS.grid} minTickGap={12} />
        <YAxis allowDecimals={false} tick={AXIS} stroke={COLORS.grid} width={32} />
        <Tooltip {...TOOLTIP} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar
          dataKey="finished"
          name="Finished"
          stackId="r"
          fill={COLORS.finished}
          isAnimationActive={false}
        />
        <Bar
          dataKey="failed"
          name="Failed"
          stackId="r"
          fill={COLORS.failed}
          isAnimationActive={false}
        />
        <Bar
          dataKey="cancelled"
          name="Cancelled"
          stackId="r"
          fill={COLORS.cancelled}
          isAnimationActive={false}
        />
      </BarChart>
    </ChartPanel>
  );
}

/** Share of ended jobs that finished, per bucket (gaps where nothing ended). */
export function SuccessChart({ data }: { data: StatsResult }) {
  return (
    <ChartPanel title="Success rate" testId="chart-success">
      <LineChart data={rows(data)}>
        <CartesianGrid stroke={COLORS.grid} vertical={false} />
        <XAxis dataKey="label" tick={AXIS} stroke={COLORS.grid} minTickGap={12} />
        <YAxis domain={[0, 100]} unit="%" tick={AXIS} stroke={COLORS.grid} width={40} />
        <Tooltip {...TOOLTIP} formatter={(v) => `${String(v)}%`} />
        <Line
          dataKey="success"
          name="Succeeded"
          stroke={COLORS.finished}
          strokeWidth={2}
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </ChartPanel>
  );
}

/** Hours printed per bucket, all printers of the filter together. */
export function HoursChart({ data }: { data: StatsResult }) {
  return (
    <ChartPanel title="Print hours" testId="chart-hours">
      <BarChart data={rows(data)}>
        <CartesianGrid stroke={COLORS.grid} vertical={false} />
        <XAxis dataKey="label" tick={AXIS} stroke={COLORS.grid} minTickGap={12} />
        <YAxis tick={AXIS} stroke={COLORS.grid} width={40} unit="h" />
        <Tooltip {...TOOLTIP} formatter={(v) => `${String(v)} h`} />
        <Bar dataKey="hours" name="Printing" fill={COLORS.hours} isAnimationActive={false} />
      </BarChart>
    </ChartPanel>
  );
}

/** Grams per material, each bar split by colour (drawn in that colour). */
export function FilamentChart({ data }: { data: StatsResult }) {
  const materials = [...new Set(data.filament.map((f) => f.material))];
  const colors = [...new Set(data.filament.map((f) => f.color ?? 'unknown'))];
  const table = materials.map((m) => {
    const row: Record<string, string | number> = { material: m };
    for (const f of data.filament.filter((x) => x.material === m))
      row[f.color ?? 'unknown'] = Math.round(f.grams);
    return row;
  });
  return (
    <ChartPanel title="Filament by material and colour (g)" testId="chart-filament">
      <BarChart data={table} layout="vertical" margin={{ left: 8 }}>
        <CartesianGrid stroke={COLORS.grid} horizontal={false} />
        <XAxis type="number" tick={AXIS} stroke={COLORS.grid} unit=" g" />
        <YAxis type="category" dataKey="material" tick={AXIS} stroke={COLORS.grid} width={70} />
        <Tooltip {...TOOLTIP} formatter={(v, name) => [`${String(v)} g`, String(name)]} />
        {colors.map((c) => (
          <Bar
            key={c}
            dataKey={c}
            name={c}
            stackId="m"
            fill={/^#[0-9a-f]{6}$/i.test(c) ? c : '#59616d'}
            stroke="#59616d"
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ChartPanel>
  );
}

/** The most frequent failure reasons, most frequent first (cancelled jobs are counted in the tiles). */
export function FailureReasonsChart({ data }: { data: StatsResult }) {
  const failures = data.failureReasons.filter((r) => r.reason !== 'Cancelled');
  const top = failures.slice(0, 8).map((r) => ({
    reason: r.reason.length > 42 ? `${r.reason.slice(0, 41)}…` : r.reason,
    full: r.reason,
    count: r.count,
  }));
  return (
    <ChartPanel title="Most frequent failure reasons" testId="chart-failures">
      <BarChart data={top} layout="vertical" margin={{ left: 8 }}>
        <CartesianGrid stroke={COLORS.grid} horizontal={false} />
        <XAxis type="number" allowDecimals={false} tick={AXIS} stroke={COLORS.grid} />
        <YAxis type="category" dataKey="reason" tick={AXIS} stroke={COLORS.grid} width={230} />
        <Tooltip {...TOOLTIP} />
        <Bar dataKey="count" name="Jobs" fill={COLORS.failed} isAnimationActive={false} />
      </BarChart>
    </ChartPanel>
  );
}
