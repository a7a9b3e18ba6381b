import { useState } from 'react';
import type { PrinterCommand, PrinterView } from '../../../shared/contract/farm-schemas.ts';
import { request } from '../../bridge/farm-client.ts';
import { displayStatus } from '../../lib/display-status.ts';
import { SPEED_LEVELS } from '../../lib/format.ts';

const DONE: Record<PrinterCommand['type'], string> = {
  pause: 'Paused: the printer accepted the command.',
  resume: 'Resumed: the printer accepted the command.',
  stop: 'Stopped: the printer accepted the command.',
  speed: 'Speed changed.',
  'chamber-light': 'Light switched.',
};

/** Pause / resume / stop (with confirmation), speed level, chamber light; errors shown right here. */
export function PrinterControls({ view }: { view: PrinterView }) {
  const [busy, setBusy] = useState<PrinterCommand['type'] | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [confirmStop, setConfirmStop] = useState(false);
  const status = displayStatus(view);
  const online = view.connection.status === 'online';
  const active = status === 'printing' || status === 'paused' || status === 'preparing';
  const state = view.state;

  const send = async (command: PrinterCommand) => {
    setBusy(command.type);
    setMessage(null);
    const result = await request('printer:send-command', view.id, command);
    setBusy(null);
    setMessage(
      result.ok
        ? { ok: true, text: DONE[command.type] }
        : { ok: false, text: result.error.message },
    );
  };

  return (
    <section className="panel controls" aria-label="Controls">
      <h2>Controls</h2>
      {view.control === 'refused' && (
        <div className="notice warn" data-testid="control-refused" role="note">
          <strong>This printer refuses control from Farmdeck.</strong> Monitoring works. To pause,
          resume or stop from here, enable <em>LAN-only mode</em> and <em>Developer Mode</em> on the
          printer&apos;s screen (Settings &gt; LAN only &gt; Developer Mode).
        </div>
      )}
      {!online && <p className="muted small">Controls are available when the printer is online.</p>}
      <div className="control-row">
        {status === 'paused' ? (
          <button
            className="primary"
            disabled={!online || busy !== null}
            onClick={() => void send({ type: 'resume' })}
          >
            {busy === 'resume' ? 'Resuming…' : 'Resume'}
          </button>
        ) : (
          <button
            disabled={!online || busy !== null || !active}
            onClick={() => void send({ type: 'pause' })}
          >
            {busy === 'pause' ? 'Pausing…' : 'Pause'}
          </button>
        )}
        {confirmStop ? (
          <span className="confirm" role="alertdialog" aria-label="Confirm stop">
            <span>Stop the print on {view.name}? It cannot be resumed.</span>
            <button
              className="danger"
              disabled={busy !== null}
              onClick={() => {
                setConfirmStop(false);
                void send({ type: 'stop' });
              }}
            >
              Stop print
            </button>
            <button onClick={() => setConfirmStop(false)}>Keep printing</button>
          </span>
        ) : (
          <button
            className="danger-outline"
            disabled={!online || busy !== null || !active}
            onClick={() => setConfirmStop(true)}
          >
            {busy === 'stop' ? 'Stopping…' : 'Stop…'}
          </button>
        )}
      </div>
      <div className="control-row">
        <label className="field-inline">
          <span>Speed</span>
          <select
            aria-label="Speed level"
            disabled={!online || busy !== null || !active}
            value={state?.speedLevel ?? 2}
            onChange={(e) =>
              void send({ type: 'speed', level: Number(e.target.value) as 1 | 2 | 3 | 4 })
            }
          >
            {SPEED_LEVELS.map((s) => (
              <option key={s.level} value={s.level}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <button
          disabled={!online || busy !== null}
          aria-pressed={state?.lights.chamber === 'on'}
          onClick={() =>
            void send({
              type: 'chamber-light',
              mode: state?.lights.chamber === 'on' ? 'off' : 'on',
            })
          }
        >
          Chamber light:{' '}
          {state?.lights.chamber === 'on' ? 'on' : state?.lights.chamber === 'off' ? 'off' : '–'}
        </button>
      </div>
      {message && (
        <p
          className={message.ok ? 'ok-text small' : 'error-text'}
          role={message.ok ? 'status' : 'alert'}
          data-testid="command-message"
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
