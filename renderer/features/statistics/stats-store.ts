import { create } from 'zustand';
import type {
  StatsGroupBy,
  StatsQuery,
  StatsResult,
} from '../../../shared/contract/records-schemas.ts';
import { request } from '../../bridge/farm-client.ts';
import { rangeOf, type RangeKind } from '../../lib/date-range.ts';

/** The Statistics view's slice: period, grouping, printer filter, and the figures shown. */
export interface StatsUi {
  range: RangeKind;
  custom: { from: string; to: string };
  groupBy: StatsGroupBy;
  printerId: string | null;
  includeDemo: boolean;
  data: StatsResult | null;
  /** Jobs of `data` that are demo records (generated, not printed). */
  demoJobs: number;
  loading: boolean;
  error: string | null;
}

export const useStatsUi = create<StatsUi>()(() => ({
  range: 'month',
  custom: { from: '', to: '' },
  groupBy: 'printer',
  printerId: null,
  includeDemo: true,
  data: null,
  demoJobs: 0,
  loading: false,
  error: null,
}));

const localZone = (): string | undefined => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
};

/** The contract's query of the view's choices (days cut in the user's time zone). */
export function statsQuery(s: StatsUi, now = Date.now()): StatsQuery {
  const { from, to } = rangeOf(s.range, now, s.custom);
  const timeZone = localZone();
  return {
    from,
    to,
    groupBy: s.groupBy,
    bucket: to - from <= 2 * 86_400_000 ? 'hour' : 'day',
    ...(timeZone ? { timeZone } : {}),
    ...(s.printerId ? { printerIds: [s.printerId] } : {}),
    excludeDemo: !s.includeDemo,
  };
}

let loadSeq = 0;

export async function loadStats(): Promise<void> {
  const mine = ++loadSeq;
  useStatsUi.setState({ loading: true });
  const query = statsQuery(useStatsUi.getState());
  // The same figures without demo records tell how many demo jobs are shown (labelled as such).
  const [result, real] = await Promise.all([
    request('stats:query', query),
    query.excludeDemo ? null : request('stats:query', { ...query, excludeDemo: true }),
  ]);
  if (mine !== loadSeq) return;
  const demoJobs = result.ok && real?.ok ? result.value.totals.jobs - real.value.totals.jobs : 0;
  useStatsUi.setState(
    result.ok
      ? { data: result.value, demoJobs, loading: false, error: null }
      : { loading: false, error: result.error.message },
  );
}

export function setStatsChoice(
  patch: Partial<Pick<StatsUi, 'range' | 'custom' | 'groupBy' | 'printerId' | 'includeDemo'>>,
): void {
  useStatsUi.setState(patch);
  void loadStats();
}
