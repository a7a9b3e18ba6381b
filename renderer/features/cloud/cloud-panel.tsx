import { useEffect, useState } from 'react';
import { request } from '../../bridge/farm-client.ts';
import { CloudLogin } from './cloud-login.tsx';
import { CloudPrinters } from './cloud-printers.tsx';
import { openCloudPanel, setAccount, useCloudStore } from './cloud-store.ts';
import './cloud.css';

const MQTT_TEXT = {
  connecting: 'connecting to the cloud…',
  connected: 'live over cloud MQTT',
  disconnected: 'cloud MQTT disconnected: retrying',
  'auth-failed': 'the cloud refused the login: log out and in again',
  closed: 'closed',
} as const;

/** The Bambu account: login, its printers with cloud status, log out. */
export function CloudPanel() {
  const account = useCloudStore((s) => s.account);
  const [error, setError] = useState<string | null>(null);
  const close = () => openCloudPanel(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') openCloudPanel(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const logout = async () => {
    const result = await request('cloud:logout');
    if (result.ok) setAccount(result.value);
    else setError(result.error.message);
  };

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <section
        className="dialog cloud-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Bambu cloud"
      >
        <h2>Bambu cloud account</h2>
        <p className="muted small">
          Optional. The cloud lists your printers and reports them when the LAN cannot reach them.
          Bambu does not support third-party use of its cloud: it may stop working at any time.
        </p>
        {account === null ? (
          <p className="muted">Loading…</p>
        ) : account.status !== 'signed-in' ? (
          <>
            <CloudLogin account={account} />
            {account.error && account.status === 'signed-out' && (
              <p className="warn-text small">{account.error.message}</p>
            )}
          </>
        ) : (
          <>
            <p data-testid="cloud-signed-in">
              Signed in as <strong>{account.email}</strong> ({account.region}) ·{' '}
              <span className="muted">{account.mqtt ? MQTT_TEXT[account.mqtt] : ''}</span>
            </p>
            {account.error && <p className="warn-text small">{account.error.message}</p>}
            <CloudPrinters printers={account.printers} />
          </>
        )}
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          {account?.status === 'signed-in' && (
            <button type="button" className="danger-outline" onClick={() => void logout()}>
              Log out
            </button>
          )}
          <span className="spacer" />
          <button type="button" onClick={close}>
            Close
          </button>
        </div>
      </section>
    </div>
  );
}
