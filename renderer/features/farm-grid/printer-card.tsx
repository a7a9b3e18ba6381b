import { memo } from 'react';
import type { PrinterView } from '../../../shared/contract/farm-schemas.ts';
import { AmsSwatches } from '../../components/ams-swatches.tsx';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { TempsLine } from '../../components/temps-line.tsx';
import { displayStatus, offlineReasonText, statusTone } from '../../lib/display-status.ts';
import { finishClock, formatMinutes, formatPercent, sinceText } from '../../lib/format.ts';
import { useNow } from '../../store/clock-store.ts';
import { usePrinter } from '../../store/printers-store.ts';
import { selectPrinter } from '../../store/ui-store.ts';
import { CameraTile } from '../camera/camera-tile.tsx';
import { ViaBadge } from '../cloud/via-badge.tsx';
import { useCameraUi } from '../camera/camera-store.ts';
import { PickBox } from '../print/pick-box.tsx';
import { CardQueueLine } from '../bed/card-queue-line.tsx';

/** One printer in the grid. Takes only an id and reads its own printer, so other printers' updates skip it. */
export const PrinterCard = memo(function PrinterCard({ id }: { id: string }) {
  const view = usePrinter(id);
  const camera = useCameraUi((s) => s.inGrid);
  if (!view) return null;
  return (
    <article
      className={`card tone-edge-${statusTone(displayStatus(view))}${view.connection.status === 'online' ? '' : ' stale'}${camera ? ' with-camera' : ''}${view.queue ? ' with-queue' : ''}`}
      data-testid="printer-card"
      data-printer-name={view.name}
      data-printer-id={id}
      aria-label={view.name}
    >
      <button
        className="card-open"
        onClick={() => selectPrinter(id)}
        aria-label={`Open ${view.name}`}
      />
      <header className="card-head">
        <div className="card-title">
          <h3>{view.name}</h3>
          <span className="muted small">
            {view.state?.model ?? 'Unknown model'} · {view.serial.slice(-6)}
          </span>
          {view.via && <ViaBadge via={view.via} />}
          <OfflineReason view={view} />
        </div>
        <PickBox id={id} name={view.name} />
        <StatusBadge view={view} />
      </header>
      {camera && <CameraTile id={id} size="card" />}
      <CardBody view={view} />
    </article>
  );
});

function OfflineReason({ view }: { view: PrinterView }) {
  const reason = offlineReasonText(view);
  if (!reason) return null;
  return (
    <span
      className="small muted"
      data-testid="offline-reason"
      title={view.connection.error?.message}
    >
      {reason}
    </span>
  );
}

function CardBody({ view }: { view: PrinterView }) {
  const now = useNow();
  const state = view.state;
  const status = displayStatus(view);
  const hms = state?.hms ?? [];
  const active = status === 'printing' || status === 'paused' || status === 'preparing';
  return (
    <>
      <div className="card-job">
        <div className="job-title">
          <span className="job-name" title={state?.jobName ?? undefined}>
            {state?.jobName ?? (state ? 'No job' : ' ')}
          </span>
          {active && (
            <span className="job-layer small muted">
              Layer {state?.layer ?? '–'}/{state?.totalLayers ?? '–'}
            </span>
          )}
        </div>
        <div className="job-row">
          <ProgressBar
            percent={active || status === 'failed' ? (state?.progress ?? null) : null}
            tone={statusTone(status)}
          />
          <span className="job-percent" data-testid="progress">
            {active || status === 'failed' ? formatPercent(state?.progress) : ''}
          </span>
        </div>
        <div className="job-meta small">
          {active ? (
            <>
              <span data-testid="remaining">{formatMinutes(state?.remainingMinutes)} left</span>
              <span>done {finishClock(state?.remainingMinutes, now)}</span>
            </>
          ) : (
            <span className="muted">{state?.stage ?? ''}</span>
          )}
        </div>
      </div>
      {state ? <TempsLine state={state} /> : <div className="temps muted small">No data yet</div>}
      {state && <AmsSwatches state={state} />}
      <CardQueueLine view={view} />
      <footer className="card-foot small">
        <ConnectionLine view={view} now={now} />
        {hms.length > 0 && (
          <span
            className={`hms-badge sev-${hms[0]?.severity ?? 'info'}`}
            data-testid="hms-badge"
            title={hms[0]?.message}
          >
            HMS {hms.length}
          </span>
        )}
        {state?.printError && (
          <span className="hms-badge sev-serious" title={state.printError.message}>
            Error {state.printError.code}
          </span>
        )}
      </footer>
    </>
  );
}

function ConnectionLine({ view, now }: { view: PrinterView; now: number }) {
  const c = view.connection;
  if (c.status === 'online') {
    return view.control === 'refused' ? (
      <span className="warn-text" data-testid="connection">
        Online · control refused
      </span>
    ) : (
      <span className="muted" data-testid="connection">
        Online
      </span>
    );
  }
  const text =
    c.status === 'connecting'
      ? 'Connecting…'
      : c.status === 'offline'
        ? `Offline ${sinceText(c.since, now)}`
        : (c.error?.message ?? c.status);
  return (
    <span
      className={c.status === 'offline' || c.status === 'connecting' ? 'muted' : 'error-text'}
      data-testid="connection"
      title={c.error?.message}
    >
      {text}
    </span>
  );
}
