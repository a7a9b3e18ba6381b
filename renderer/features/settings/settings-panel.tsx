import { useEffect, useState } from 'react';
import {
  NOTIFY_KINDS,
  type NotifyKind,
  type NotifyPrefs,
} from '../../../shared/contract/notify-schemas.ts';
import { AlertsSection } from '../alerts/alerts-section.tsx';
import {
  askDesktopPermission,
  loadPrefs,
  openSettings,
  savePrefs,
  useNotifyStore,
  type DesktopPermission,
} from '../notifications/notify-store.ts';

const LABELS: Record<NotifyKind, string> = {
  'print-finished': 'A print finished',
  'print-failed': 'A print failed',
  'hms-error': 'A printer reports a new error (HMS)',
  'printer-offline': 'A printer goes offline',
  'queue-empty': 'The queue runs empty',
  'bed-waiting': 'A printer waits for "Bed cleared"',
};

const PERMISSION_TEXT: Record<DesktopPermission, string> = {
  granted: 'Desktop notifications are allowed while this page is in the background.',
  denied: 'This browser blocks notifications for this page: allow them in the site settings.',
  default:
    'Notifications appear inside the page. Allow desktop notifications to see them elsewhere.',
  unsupported: 'This browser cannot show desktop notifications: they appear inside the page.',
  electron: 'Farmdeck shows notifications on your desktop.',
};

/**
 * Settings: a switch per notification kind (saved by the engine), the browser's permission, and the
 * alerts sent beyond this screen (webhook, ntfy).
 */
export function SettingsPanel() {
  const prefs = useNotifyStore((s) => s.prefs);
  const permission = useNotifyStore((s) => s.permission);
  const [error, setError] = useState<string | null>(null);
  const close = () => openSettings(false);

  useEffect(() => {
    void loadPrefs().then(setError);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') openSettings(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const toggle = (kind: NotifyKind) => {
    if (!prefs) return;
    const next: NotifyPrefs = { ...prefs, [kind]: !prefs[kind] };
    void savePrefs(next).then(setError);
  };

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <section className="dialog" role="dialog" aria-modal="true" aria-label="Settings">
        <h2>Settings</h2>
        <h3 className="small muted">Notify me when</h3>
        {prefs === null ? (
          <p className="muted">Loading…</p>
        ) : (
          <ul className="switch-list">
            {NOTIFY_KINDS.map((kind) => (
              <li key={kind}>
                <label className="switch">
                  <input
                    type="checkbox"
                    checked={prefs[kind]}
                    onChange={() => toggle(kind)}
                    data-testid={`notify-${kind}`}
                  />
                  {LABELS[kind]}
                </label>
              </li>
            ))}
          </ul>
        )}
        <p className="small muted">{PERMISSION_TEXT[permission]}</p>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <AlertsSection />
        <div className="dialog-actions">
          {permission === 'default' && (
            <button type="button" onClick={() => void askDesktopPermission()}>
              Allow desktop notifications
            </button>
          )}
          <span className="spacer" />
          <button type="button" className="primary" onClick={close}>
            Done
          </button>
        </div>
      </section>
    </div>
  );
}
