import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { JobResult } from '../../../shared/contract/records-schemas.ts';
import { subscribe } from '../../bridge/farm-client.ts';
import { RangePicker } from '../../components/range-picker.tsx';
import { usePrinterChoices } from '../../store/printers-store.ts';
import { printAgain } from '../library/library-actions.ts';
import { downloadText } from './download-text.ts';
import {
  exportHistoryCsv,
  HISTORY_PAGE_SIZE,
  historyChanged,
  loadHistory,
  newerPage,
  olderPage,
  setHistoryFilter,
  useHistoryUi,
} from './history-store.ts';
import { HistoryTable } from './history-table.tsx';
import { onReconnect, RecordsNotice } from './records-status.tsx';
import './records.css';

const RESULTS: readonly { key: JobResult | 'all'; label: string }[] = [
  { key: 'all', label: 'All results' },
  { key: 'finished', label: 'Finished' },
  { key: 'failed', label: 'Failed' },
  { key: 'cancelled', label: 'Cancelled' },
  { key: 'running', label: 'Printing' },
  { key: 'unknown', label: 'Unknown' },
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
      page: s.cursors.length - 1,
      rows: s.rows,
      nextCursor: s.nextCursor,
      total: s.total,
      totalCapped: s.totalCapped,
      loading: s.loading,
      error: s.error,
    })),
  );
  const printers = usePrinterChoices();
  const [exporting, setExporting] = useState<string | null>(null);

  useEffect(() => {
    void loadHistory();
    const offReconnect = onReconnect(() => void loadHistory());
    const offChanged = subscribe('history:changed', historyChanged);
    return () => {
      offReconnect();
      offChanged();
    };
  }, []);

  const exportCsv = async () => {
    setExporting('Exporting…');
    const csv = await exportHistoryCsv();
    if (!csv.ok) return setExporting(`Export failed: ${csv.message}`);
    downloadText(csv.fileName, csv.csv);
    setExporting(
      `Exported ${csv.rows} jobs to ${csv.fileName}${csv.truncated ? ' (the newest only: narrow the period for the rest)' : ''}`,
    );
  };

  const first = s.total === 0 ? 0 : s.page * HISTORY_PAGE_SIZE + 1;
  const last = Math.min(s.total, s.page * HISTORY_PAGE_SIZE + s.rows.length);
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
        <RecordsNotice />
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
        {s.rows.length === 0 && !s.loading ? (
          !s.error && (
            <p className="empty-note">No jobs in this period. Jobs appear here when they start.</p>
          )
        ) : (
          <HistoryTable rows={s.rows} onPrintAgain={(r) => void printAgain(r)} />
        )}
        <div className="pager">
          <span className="muted small" data-testid="history-count">
            {s.loading && s.rows.length === 0
              ? 'Loading…'
              : `${first}–${last} of ${s.total}${s.totalCapped ? '+' : ''} jobs`}
          </span>
          <button disabled={s.page === 0} onClick={newerPage}>
            Newer
          </button>
          <button disabled={!s.nextCursor} onClick={olderPage}>
            Older
          </button>
        </div>
      </div>
    </div>
  );
}
