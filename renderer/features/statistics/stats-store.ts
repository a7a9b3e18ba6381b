import { create } from 'zustand';
import { rangeOf, type RangeKind } from '../../lib/date-range.ts';
import { fetchStats, type StatsQuery } from '../history/records-client.ts';
import type { StatsData, StatsFilter } from '../history/record-types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The Statistics view's slice: period, filter, and the figures shown. */
export interface StatsUi {
  range: RangeKind;
  custom: { from: string; to: string };
  filter: StatsFilter;
  data: StatsData | null;
  loading: boolean;
  error: string | null;
}

export const useStatsUi = create<StatsUi>()(() => ({
  range: 'month',
  custom: { from: '', to: '' },
  filter: { printerId: null, model: null, material: null, file: null },
  data: null,
  loading: false,
  error: null,
}));

/** Hours for a day, days up to four months, weeks beyond. */
export function bucketFor(from: number, to: number): number {
  const span = to - from;
  return span <= 2 * DAY ? HOUR : span <= 120 * DAY ? DAY : 7 * DAY;
}

export function statsQuery(s: StatsUi, now = Date.now()): StatsQuery {
  const { from, to } = rangeOf(s.range, now, s.custom);
  return { from, to, bucketMs: bucketFor(from, to), ...s.filter };
}

let loadSeq = 0;

export async function loadStats(): Promise<void> {
  const mine = ++loadSeq;
  useStatsUi.setState({ loading: true });
  const result = await fetchStats(statsQuery(useStatsUi.getState()));
  if (mine !== loadSeq) return;
  useStatsUi.setState(
    result.ok
      ? { data: result.value, loading: false, error: null }
      : { loading: false, error: result.error.message },
  );
}

export function setStatsPeriod(patch: Partial<Pick<StatsUi, 'range' | 'custom'>>): void {
  useStatsUi.setState(patch);
  void loadStats();
}

export function setStatsFilter(patch: Partial<StatsFilter>): void {
  useStatsUi.setState((s) => ({ filter: { ...s.filter, ...patch } }));
  void loadStats();
}
