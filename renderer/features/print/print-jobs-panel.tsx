import { useState } from 'react';
import type { PrintJobView, PrintTargetProgress } from '../../../shared/contract/print-schemas.ts';
import { request } from '../../bridge/farm-client.ts';
import { usePrintersStore } from '../../store/printers-store.ts';
import { dismissJob, trackJob, usePrintUi } from './print-store.ts';
import { formatRate } from './print-format.ts';

/** Print jobs in progress and their outcome per printer, with retry for a failed printer. */
export function PrintJobsPanel() {
  const jobs = usePrintUi((s) => s.jobs);
  const list = Object.values(jobs).sort((a, b) => b.createdAt - a.createdAt);
  if (list.length === 0) return null;
  return (
    <aside className="print-jobs" aria-label="Print jobs">
      {list.map((job) => (
        <JobCard key={job.jobId} job={job} />
      ))}
    </aside>
  );
}

function JobCard({ job }: { job: PrintJobView }) {
  const byId = usePrintersStore((s) => s.byId);
  const [error, setError] = useState<string | null>(null);
  const retry = async (printerId: string) => {
    setError(null);
    const result = await request('print:retry', job.jobId, printerId);
    if (result.ok) trackJob(result.value);
    else setError(result.error.message);
  };
  return (
    <section className="print-job" data-testid="print-job">
      <header className="print-job-head">
        <strong title={job.fileName}>{job.fileName}</strong>
        <span className="muted small">
          plate {job.plate}
          {job.sendOnly ? ' · send only' : ''}
        </span>
        <button
          className="ghost small"
          aria-label={`Dismiss ${job.fileName}`}
          onClick={() => void dismissJob(job.jobId)}
        >
          ×
        </button>
      </header>
      <ul>
        {job.targets.map((t) => {
          const name = byId[t.printerId]?.name ?? 'removed printer';
          return (
            <li
              key={t.printerId}
              className={`print-target ${t.phase}`}
              data-testid="print-target"
              data-printer-name={name}
              data-phase={t.phase}
            >
              <span className="print-target-name">{name}</span>
              <TargetPhaseText target={t} />
              {t.phase === 'failed' && (
                <button className="small" onClick={() => void retry(t.printerId)}>
                  Retry
                </button>
              )}
              {t.error && (
                <p className="error-text small" role="alert">
                  {t.error.message}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      {error && <p className="error-text small">{error}</p>}
    </section>
  );
}

function TargetPhaseText({ target: t }: { target: PrintTargetProgress }) {
  switch (t.phase) {
    case 'queued':
      return <span className="muted small">waiting</span>;
    case 'uploading':
      return (
        <span className="small">
          <progress max={100} value={t.percent ?? 0} /> {Math.floor(t.percent ?? 0)}%{' '}
          <span className="muted">{formatRate(t.bytesPerSecond)}</span>
        </span>
      );
    case 'starting':
      return <span className="small">starting…</span>;
    case 'unconfirmed':
      return (
        <span className="small" title="The printer did not answer the start; its state will tell">
          not confirmed yet — check the printer
        </span>
      );
    case 'printing':
      return <span className="ok-text small">printing</span>;
    case 'sent':
      return <span className="ok-text small">on the printer</span>;
    case 'failed':
      return <span className="error-text small">failed</span>;
  }
}
