import type { PrinterView } from '../../../shared/contract/farm-schemas.ts';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { TempsLine } from '../../components/temps-line.tsx';
import {
  displayStatus,
  offlineReasonText,
  reportDropsText,
  statusTone,
} from '../../lib/display-status.ts';
import {
  finishClock,
  formatMinutes,
  formatPercent,
  sinceText,
  SPEED_LEVELS,
} from '../../lib/format.ts';
import { useNow } from '../../store/clock-store.ts';
import { usePrinter } from '../../store/printers-store.ts';
import { openDialog, selectPrinter } from '../../store/ui-store.ts';
import { CameraTile } from '../camera/camera-tile.tsx';
import { AmsPanel } from './ams-panel.tsx';
import { HmsList } from './hms-list.tsx';
import { PrinterControls } from './printer-controls.tsx';
import { QueuePanel } from './queue-panel.tsx';
import { TemperatureChart } from './temperature-chart.tsx';
import { PrinterFiles } from '../files/printer-files.tsx';
import { RecentJobs } from '../history/recent-jobs.tsx';

/** One printer: job, controls, temperatures with a 30-minute chart, AMS, HMS, firmware and network. */
export function PrinterDetail({ id }: { id: string }) {
  const view = usePrinter(id);
  if (!view) {
    return (
      <div className="detail">
        <p className="empty-note">
          This printer was removed.{' '}
          <button onClick={() => selectPrinter(null)}>Back to the farm</button>
        </p>
      </div>
    );
  }
  const state = view.state;
  return (
    <div className="detail" data-testid="printer-detail">
      <div className="detail-head">
        <button className="ghost" onClick={() => selectPrinter(null)} aria-label="Back to the farm">
          ← Farm
        </button>
        <h1>{view.name}</h1>
        <span className="muted">{state?.model ?? 'Unknown model'}</span>
        <StatusBadge view={view} />
        <span className="spacer" />
        <button onClick={() => openDialog({ kind: 'edit', id })}>Edit printer</button>
      </div>
      <ConnectionNotice view={view} />
      <div className="detail-grid">
        <JobPanel view={view} />
        <PrinterControls view={view} />
        <QueuePanel view={view} />
        <InfoPanel view={view} />
        <section className="panel wide" aria-label="Camera">
          <h2>Camera</h2>
          <CameraTile id={id} size="large" />
        </section>
        <section className="panel wide" aria-label="Temperatures">
          <h2>Temperatures</h2>
          {state && <TempsLine state={state} />}
          <TemperatureChart id={id} />
        </section>
        <section className="panel" aria-label="AMS">
          <h2>Filament</h2>
          {state ? <AmsPanel state={state} /> : <p className="muted small">No data yet.</p>}
        </section>
        <section className="panel" aria-label="Health messages">
          <h2>Health (HMS)</h2>
          {state ? <HmsList state={state} /> : <p className="muted small">No data yet.</p>}
        </section>
        <RecentJobs id={id} />
        <PrinterFiles id={id} online={view.connection.status === 'online'} />
      </div>
    </div>
  );
}

function ConnectionNotice({ view }: { view: PrinterView }) {
  const now = useNow();
  const c = view.connection;
  if (c.status === 'online') return null;
  const tone = c.status === 'offline' || c.status === 'connecting' ? 'info' : 'error';
  const reason = offlineReasonText(view);
  return (
    <div className={`notice ${tone}`} role="status" data-testid="connection-notice">
      <strong>
        {c.status === 'connecting'
          ? 'Connecting…'
          : c.status === 'offline'
            ? `Offline ${sinceText(c.since, now)}.`
            : c.status === 'auth-failed'
              ? 'Access code rejected.'
              : 'Certificate not trusted.'}
      </strong>{' '}
      {reason && <span data-testid="offline-reason">({reason}) </span>}
      {c.error?.message}
      {(c.status === 'auth-failed' || c.status === 'tls-untrusted') && (
        <>
          {' '}
          <button className="link" onClick={() => openDialog({ kind: 'edit', id: view.id })}>
            Edit the printer
          </button>
        </>
      )}
    </div>
  );
}

function JobPanel({ view }: { view: PrinterView }) {
  const now = useNow();
  const state = view.state;
  const status = displayStatus(view);
  const active = status === 'printing' || status === 'paused' || status === 'preparing';
  return (
    <section className="panel" aria-label="Job">
      <h2>Job</h2>
      <div className="job-name big">{state?.jobName ?? 'No job'}</div>
      <div className="job-row">
        <ProgressBar percent={state?.progress ?? null} tone={statusTone(status)} />
        <span className="job-percent">{formatPercent(state?.progress)}</span>
      </div>
      <dl className="facts">
        <dt>Remaining</dt>
        <dd>{active ? formatMinutes(state?.remainingMinutes) : '–'}</dd>
        <dt>Finishes</dt>
        <dd>{active ? finishClock(state?.remainingMinutes, now) : '–'}</dd>
        <dt>Layer</dt>
        <dd>
          {state?.layer ?? '–'} / {state?.totalLayers ?? '–'}
        </dd>
        <dt>Stage</dt>
        <dd>{state?.stage ?? '–'}</dd>
        <dt>Speed</dt>
        <dd>{SPEED_LEVELS.find((s) => s.level === state?.speedLevel)?.label ?? '–'}</dd>
      </dl>
    </section>
  );
}

/** FTPS data channel as a person reads it (A1 firmware may need a clear one, docs/files-printing.md). */
const DATA_CHANNEL: Record<NonNullable<PrinterView['ftpsDataChannel']>, string> = {
  private: 'FTPS, encrypted',
  auto: 'FTPS, encrypted (clear data channel if it hangs)',
  clear: 'FTPS, clear data channel (PROT C; login stays encrypted)',
};

function InfoPanel({ view }: { view: PrinterView }) {
  const state = view.state;
  const nozzle = state?.nozzles[0];
  const trust = {
    'bambu-ca': 'Bambu CA',
    'skip-verification': 'not verified',
    'custom-ca': 'custom CA',
  }[view.tlsMode];
  return (
    <section className="panel" aria-label="Printer">
      <h2>Printer</h2>
      <dl className="facts">
        <dt>Serial</dt>
        <dd>{view.serial}</dd>
        <dt>Firmware</dt>
        <dd>{state?.firmware ?? '–'}</dd>
        <dt>Address</dt>
        <dd>
          {view.host}:{view.port}
        </dd>
        <dt>Certificate</dt>
        <dd>{trust}</dd>
        <dt>Wi-Fi</dt>
        <dd>
          {state?.wifiSignalDbm !== null && state?.wifiSignalDbm !== undefined
            ? `${state.wifiSignalDbm} dBm`
            : '–'}
        </dd>
        <dt>Nozzle</dt>
        <dd>
          {nozzle?.diameter ? `${nozzle.diameter} mm` : '–'} {nozzle?.type ?? ''}
        </dd>
        <dt>Storage</dt>
        <dd>
          {state?.sdCard === null || state?.sdCard === undefined
            ? '–'
            : state.sdCard
              ? 'inserted'
              : 'none'}
        </dd>
        <dt>Door</dt>
        <dd>
          {state?.doorOpen === null || state?.doorOpen === undefined
            ? '–'
            : state.doorOpen
              ? 'open'
              : 'closed'}
        </dd>
        <dt>File uploads</dt>
        <dd data-testid="ftps-data-channel">{DATA_CHANNEL[view.ftpsDataChannel ?? 'private']}</dd>
        <dt>Dropped reports</dt>
        <dd data-testid="report-drops">{reportDropsText(view.reportDrops) ?? 'none'}</dd>
        <dt>Control</dt>
        <dd>
          {
            {
              unknown: 'not checked yet',
              allowed: 'allowed',
              refused: 'refused (Developer Mode off)',
            }[view.control]
          }
        </dd>
      </dl>
    </section>
  );
}
