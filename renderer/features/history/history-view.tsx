import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { RangePicker } from '../../components/range-picker.tsx';
import { dateInputValue } from '../../lib/date-range.ts';
import { usePrinterChoices } from '../../store/printers-store.ts';
import { printAgain } from '../library/library-actions.ts';
import { downloadText } from './download-text.ts';
import { historyCsv } from './history-csv.ts';
import {
  fetchAllForExport,
  HISTORY_PAGE_SIZE,
  loadHistory,
  setHistoryFilter,
  setHistoryPage,
  useHistoryUi,
} from './history-store.ts';
import { HistoryTable } from './history-table.tsx';
import type { JobResult } from './record-types.ts';
import './records.css';

const RESULTS: readonly { key: JobResult | 'all'; label: string }[] = [
  { key: 'all', label: 'All results' },
  { key: 'finished', label: 'Finished' },
  { key: 'failed', label: 'Failed' },
  { key: 'cancelled', label: 'Cancelled' },
];

/** Every job of the farm, newest first, with filters, pages and CSV export. */
export function HistoryView() {
  const s = useHistoryUi(
    useShallow((s) => ({
      range: s.range,
      custom: s.custom,
      printerId: s.printerId,
      result: s.result,
      search: s.search,
      page: s.page,
      rows: s.rows,
      total: s.total,
      loading: s.loading,
      error: s.error,
    })),
  );
  const printers = usePrinterChoices();
  const [exporting, setExporting] = useState<string | null>(null);

  useEffect(() => {
    void loadHistory();
  }, []);

  const exportCsv = async () => {
    setExporting('Exporting…');
    const all = await fetchAllForExport();
    if (!all.ok) return setExporting(`Export failed: ${all.message}`);
    downloadText(`farmdeck-history-${dateInputValue(Date.now())}.csv`, historyCsv(all.rows));
    setExporting(`Exported ${all.rows.length} jobs`);
  };

  const first = s.total === 0 ? 0 : s.page * HISTORY_PAGE_SIZE + 1;
  const last = Math.min(s.total, (s.page + 1) * HISTORY_PAGE_SIZE);
  return (
    <div className="records-view" data-testid="history-view">
      <div className="toolbar">
        <RangePicker
          range={s.range}
          custom={s.custom}
          onRange={(range) => setHistoryFilter({ range })}
          onCustom={(custom) => setHistoryFilter({ custom })}
        />
        <div className="toolbar-right">
          <select
            aria-label="Printer"
            value={s.printerId ?? ''}
            onChange={(e) => setHistoryFilter({ printerId: e.target.value || null })}
          >
            <option value="">All printers</option>
            {printers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <select
            aria-label="Result"
            value={s.result ?? 'all'}
            onChange={(e) =>
              setHistoryFilter({
                result: e.target.value === 'all' ? null : (e.target.value as JobResult),
              })
            }
          >
            {RESULTS.map((r) => (
              <option key={r.key} value={r.key}>
                {r.label}
              </option>
            ))}
          </select>
          <input
            type="search"
            className="search"
            placeholder="Search file or printer"
            aria-label="Search history"
            value={s.search}
            onChange={(e) => setHistoryFilter({ search: e.target.value })}
          />
          <button
            onClick={() => void exportCsv()}
            disabled={s.total === 0}
            data-testid="export-csv"
          >
            Export CSV
          </button>
        </div>
      </div>
      <div className="records-body">
        {s.error && (
          <div className="notice error" role="alert">
            History unavailable: {s.error}
          </div>
        )}
        {exporting && (
          <p className="muted small" role="status" data-testid="export-status">
            {exporting}
          </p>
        )}
        {s.rows.length === 0 && !s.loading && !s.error ? (
          <p className="empty-note">No jobs in this period. Jobs appear here when they end.</p>
        ) : (
          <HistoryTable rows={s.rows} onPrintAgain={(r) => void printAgain(r)} />
        )}
        <div className="pager">
          <span className="muted small" data-testid="history-count">
            {s.loading ? 'Loading…' : `${first}–${last} of ${s.total} jobs`}
          </span>
          <button disabled={s.page === 0} onClick={() => setHistoryPage(s.page - 1)}>
            Newer
          </button>
          <button disabled={last >= s.total} onClick={() => setHistoryPage(s.page + 1)}>
            Older
          </button>
        </div>
      </div>
    </div>
  );
}
