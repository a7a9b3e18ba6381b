import { useEffect, useState } from 'react';
import type { HistoryRecord } from '../../../shared/contract/records-schemas.ts';
import { request, subscribe } from '../../bridge/farm-client.ts';
import { setHistoryFilter } from './history-store.ts';
import { HistoryTable } from './history-table.tsx';
import { showView } from '../../store/ui-store.ts';
import { printAgain } from '../library/library-actions.ts';
import './records.css';

const RECENT = 8;

/** A printer's latest jobs, refreshed when one of its records changes. */
export function RecentJobs({ id }: { id: string }) {
  const [rows, setRows] = useState<HistoryRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    const load = async () => {
      const result = await request('history:list', { printerIds: [id], limit: RECENT });
      if (!alive) return;
      if (result.ok) {
        setRows(result.value.records);
        setError(null);
      } else setError(result.error.message);
    };
    void load();
    const off = subscribe('history:changed', (record) => {
      if (record.printerId === id) void load();
    });
    return () => {
      alive = false;
      off();
    };
  }, [id]);

  const openHistory = () => {
    setHistoryFilter({ printerId: id, range: 'month' });
    showView('history');
  };

  return (
    <section className="panel wide recent-jobs" aria-label="Recent jobs" data-testid="recent-jobs">
      <h2>Recent jobs</h2>
      {error ? (
        <p className="muted small">History unavailable: {error}</p>
      ) : rows === null ? (
        <p className="muted small">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="muted small">No jobs recorded for this printer yet.</p>
      ) : (
        <>
          <HistoryTable rows={rows} showPrinter={false} onPrintAgain={(r) => void printAgain(r)} />
          <button className="link small" onClick={openHistory}>
            All jobs of this printer
          </button>
        </>
      )}
    </section>
  );
}
