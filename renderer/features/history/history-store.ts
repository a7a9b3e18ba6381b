import { create } from 'zustand';
import { rangeOf, type RangeKind } from '../../lib/date-range.ts';
import { fetchHistoryPage, type HistoryQuery } from './records-client.ts';
import type { JobRecord, JobResult } from './record-types.ts';

export const HISTORY_PAGE_SIZE = 50;

/** The History view's slice: its filters and the page it shows. Separate from the live farm's store. */
export interface HistoryUi {
  range: RangeKind;
  custom: { from: string; to: string };
  printerId: string | null;
  result: JobResult | null;
  search: string;
  page: number;
  rows: JobRecord[];
  total: number;
  loading: boolean;
  error: string | null;
}

export const useHistoryUi = create<HistoryUi>()(() => ({
  range: 'month',
  custom: { from: '', to: '' },
  printerId: null,
  result: null,
  search: '',
  page: 0,
  rows: [],
  total: 0,
  loading: false,
  error: null,
}));

/** The query of the current filters (page `page`, or every job up to `limit` for export). */
export function historyQuery(s: HistoryUi, now = Date.now()): HistoryQuery {
  const { from, to } = rangeOf(s.range, now, s.custom);
  return {
    from,
    to,
    printerId: s.printerId,
    result: s.result,
    search: s.search.trim(),
    offset: s.page * HISTORY_PAGE_SIZE,
    limit: HISTORY_PAGE_SIZE,
  };
}

let loadSeq = 0;

/** Loads the page of the current filters; a later load wins over an earlier one still running. */
export async function loadHistory(): Promise<void> {
  const mine = ++loadSeq;
  useHistoryUi.setState({ loading: true });
  const result = await fetchHistoryPage(historyQuery(useHistoryUi.getState()));
  if (mine !== loadSeq) return;
  useHistoryUi.setState(
    result.ok
      ? { rows: result.value.records, total: result.value.total, loading: false, error: null }
      : { loading: false, error: result.error.message },
  );
}

/** Changes filters (back to the first page) and reloads. */
export function setHistoryFilter(
  patch: Partial<Pick<HistoryUi, 'range' | 'custom' | 'printerId' | 'result' | 'search'>>,
): void {
  useHistoryUi.setState({ ...patch, page: 0 });
  void loadHistory();
}

export function setHistoryPage(page: number): void {
  useHistoryUi.setState({ page: Math.max(0, page) });
  void loadHistory();
}

/** Every job of the current filters (for CSV), fetched page by page up to `max`. */
export async function fetchAllForExport(
  max = 100_000,
): Promise<{ ok: true; rows: JobRecord[] } | { ok: false; message: string }> {
  const base = historyQuery(useHistoryUi.getState());
  const rows: JobRecord[] = [];
  const limit = 1_000;
  for (let offset = 0; offset < max; offset += limit) {
    const page = await fetchHistoryPage({ ...base, offset, limit });
    if (!page.ok) return { ok: false, message: page.error.message };
    rows.push(...page.value.records);
    if (page.value.records.length < limit || rows.length >= page.value.total) break;
  }
  return { ok: true, rows };
}
