/**
 * Long tasks split into CPU and waiting: a Chromium trace of the renderer's main thread, where each task
 * has a wall duration (`dur`) and a thread CPU duration (`tdur`). A long task with little CPU time was
 * the thread waiting for a core (a loaded machine), not work the page did.
 */
import type { Browser, Page } from 'playwright-core';

export interface TracedTask {
  wallMs: number;
  cpuMs: number;
}

interface TraceEvent {
  name?: string;
  ph?: string;
  dur?: number;
  tdur?: number;
  pid?: number;
  tid?: number;
  args?: { name?: string };
}

/** Traces `page` for `ms` and returns the main-thread tasks longer than 50 ms (wall). */
export async function traceLongTasks(
  browser: Browser,
  page: Page,
  ms: number,
): Promise<TracedTask[]> {
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
  });
  await new Promise((r) => setTimeout(r, ms));
  const buffer = await browser.stopTracing();
  const events = (JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  return events
    .filter(
      (e) =>
        e.pid === main.pid &&
        e.tid === main.tid &&
        e.ph === 'X' &&
        e.name === 'RunTask' &&
        (e.dur ?? 0) > 50_000,
    )
    .map((e) => ({ wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? 0) / 1000 }));
}
