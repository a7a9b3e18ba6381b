/** Summaries of the UI benchmark as a Markdown table (see ui-latency.ts). */

/** What one farm size measured. */
export interface RunResult {
  printers: number;
  seconds: number;
  /** Stamps sent (each a report with a distinctive HMS code). */
  stamps: number;
  /** Report-to-DOM latencies of the stamps that reached the DOM, ms. */
  latencies: number[];
  /**
   * The same latencies split: report -> the engine's batch left (MQTT/TLS, merge, coalescing window),
   * batch -> WebSocket message in the page (serialize, send, receive), message -> DOM (parse, store, React).
   */
  split: { engine: number[]; transport: number[]; render: number[] };
  /** Durations of the renderer's long tasks (each > 50 ms by definition), ms. */
  longTasks: number[];
  /** Engine + host process CPU, % of one core. */
  engineCpuPct: number;
  /** Renderer main-thread busy time (CDP TaskDuration), % of wall time. */
  pageBusyPct: number;
  /** Engine heap/RSS (after GC) and page JS heap, bytes, every 30 s from the start. */
  memory: { t: number; heap: number; rss: number; pageHeap: number }[];
}

/** The p-th percentile (0-100) by nearest rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

export function formatRun(results: readonly RunResult[]): string {
  const lines = [
    '| printers | measured | stamps seen | p50 ms | p95 ms | max ms | long tasks (max ms) | engine CPU | renderer busy | engine heap MB first→last | engine RSS MB first→last | page heap MB first→last |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const first = r.memory[0];
    const last = r.memory.at(-1);
    lines.push(
      `| ${r.printers} | ${Math.round(r.seconds)} s | ${r.latencies.length}/${r.stamps} | ${percentile(r.latencies, 50).toFixed(0)} | ${percentile(r.latencies, 95).toFixed(0)} | ${Math.max(0, ...r.latencies).toFixed(0)} | ${r.longTasks.length} (${Math.max(0, ...r.longTasks).toFixed(0)}) | ${r.engineCpuPct.toFixed(1)} % | ${r.pageBusyPct.toFixed(1)} % | ${first ? mb(first.heap) : '–'}→${last ? mb(last.heap) : '–'} | ${first ? mb(first.rss) : '–'}→${last ? mb(last.rss) : '–'} | ${first ? mb(first.pageHeap) : '–'}→${last ? mb(last.pageHeap) : '–'} |`,
    );
  }
  lines.push(
    '',
    '| printers | report→batch p50/p95 ms | batch→page p50/p95 ms | page→DOM p50/p95 ms |',
  );
  lines.push('|---:|---:|---:|---:|');
  for (const r of results) {
    const pp = (v: number[]) => `${percentile(v, 50).toFixed(0)} / ${percentile(v, 95).toFixed(0)}`;
    lines.push(
      `| ${r.printers} | ${pp(r.split.engine)} | ${pp(r.split.transport)} | ${pp(r.split.render)} |`,
    );
  }
  lines.push(
    '',
    '| printers | memory every 30 s (t: engine heap MB / page heap MB) |',
    '|---:|---|',
  );
  for (const r of results) {
    const series = r.memory.map((m) => `${m.t}: ${mb(m.heap)} / ${mb(m.pageHeap)}`).join(', ');
    lines.push(`| ${r.printers} | ${series} |`);
  }
  return lines.join('\n');
}
