import { create } from 'zustand';
import type {
  HistoryFilter,
  HistoryRecord,
  JobResult,
} from '../../../shared/contract/records-schemas.ts';
import { request } from '../../bridge/farm-client.ts';
import { rangeOf, type RangeKind } from '../../lib/date-range.ts';

export const HISTORY_PAGE_SIZE = 50;

/** The History view's slice: its filters and the page it shows. Separate from the live farm's store. */
export interface HistoryUi {
  range: RangeKind;
  custom: { from: string; to: string };
  printerId: string | null;
  result: JobResult | null;
  search: string;
  /** Cursors of the pages before this one (empty on the first page) and of this one. */
  cursors: (string | undefined)[];
  rows: HistoryRecord[];
  nextCursor: string | null;
  total: number;
  /** More jobs match than the engine counted (`total` is then a lower bound). */
  totalCapped: boolean;
  loading: boolean;
  error: string | null;
}

export const useHistoryUi = create<HistoryUi>()(() => ({
  range: 'month',
  custom: { from: '', to: '' },
  printerId: null,
  result: null,
  search: '',
  cursors: [undefined],
  rows: [],
  nextCursor: null,
  total: 0,
  totalCapped: false,
  loading: false,
  error: null,
}));

/** The contract's filter of the view's choices. */
export function historyFilter(s: HistoryUi, now = Date.now()): HistoryFilter {
  const { from, to } = rangeOf(s.range, now, s.custom);
  const text = s.search.trim();
  return {
    from,
    to,
    ...(s.printerId ? { printerIds: [s.printerId] } : {}),
    ...(s.result ? { results: [s.result] } : {}),
    ...(text ? { text } : {}),
  };
}

let loadSeq = 0;

/** Loads the current page; a later load wins over an earlier one still running. */
export async function loadHistory(): Promise<void> {
  const mine = ++loadSeq;
  const s = useHistoryUi.getState();
  useHistoryUi.setState({ loading: true });
  const cursor = s.cursors.at(-1);
  const result = await request('history:list', {
    ...historyFilter(s),
    limit: HISTORY_PAGE_SIZE,
    ...(cursor ? { cursor } : {}),
  });
  if (mine !== loadSeq) return;
  useHistoryUi.setState(
    result.ok
      ? {
          rows: result.value.records,
          nextCursor: result.value.nextCursor,
          total: result.value.total,
          totalCapped: result.value.totalCapped ?? false,
          loading: false,
          error: null,
        }
      : { loading: false, error: result.error.message },
  );
}

/** Changes filters (back to the first page) and reloads. */
export function setHistoryFilter(
  patch: Partial<Pick<HistoryUi, 'range' | 'custom' | 'printerId' | 'result' | 'search'>>,
): void {
  useHistoryUi.setState({ ...patch, cursors: [undefined] });
  void loadHistory();
}

/** Older jobs (the next page). */
export function olderPage(): void {
  const { nextCursor, cursors } = useHistoryUi.getState();
  if (!nextCursor) return;
  useHistoryUi.setState({ cursors: [...cursors, nextCursor] });
  void loadHistory();
}

/** Newer jobs (the previous page). */
export function newerPage(): void {
  const { cursors } = useHistoryUi.getState();
  if (cursors.length <= 1) return;
  useHistoryUi.setState({ cursors: cursors.slice(0, -1) });
  void loadHistory();
}

/** A record changed in the engine: refresh the rows when it is shown or would be on the first page. */
export function historyChanged(record: HistoryRecord): void {
  const s = useHistoryUi.getState();
  const index = s.rows.findIndex((r) => r.id === record.id);
  if (index >= 0) {
    const rows = [...s.rows];
    rows[index] = record;
    useHistoryUi.setState({ rows });
  } else if (s.cursors.length === 1) scheduleReload();
}

let reloadTimer: ReturnType<typeof setTimeout> | null = null;
function scheduleReload(): void {
  reloadTimer ??= setTimeout(() => {
    reloadTimer = null;
    void loadHistory();
  }, 500);
}

/** The history of the current filters as CSV, made by the engine. */
export async function exportHistoryCsv(): Promise<
  | { ok: true; fileName: string; csv: string; rows: number; truncated: boolean }
  | { ok: false; message: string }
> {
  const result = await request('history:export-csv', historyFilter(useHistoryUi.getState()));
  return result.ok ? { ok: true, ...result.value } : { ok: false, message: result.error.message };
}
