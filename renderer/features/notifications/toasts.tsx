import type { NotifyKind } from '../../../shared/contract/notify-schemas.ts';
import { dismissToast, openNotification, useNotifyStore } from './notify-store.ts';
import './notifications.css';

const TONE: Record<NotifyKind, string> = {
  'print-finished': 'ok',
  'print-failed': 'error',
  'hms-error': 'warn',
  'printer-offline': 'muted',
  'queue-empty': 'muted',
  'bed-waiting': 'warn',
};

/** In-app notifications, newest last; clicking one opens its printer (if it names one). */
export function Toasts() {
  const toasts = useNotifyStore((s) => s.toasts);
  if (toasts.length === 0) return null;
  return (
    <div className="toasts" role="log" aria-live="polite" aria-label="Notifications">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`toast toast-${TONE[t.kind]}`}
          data-testid="toast"
          data-kind={t.kind}
        >
          <button className="toast-open" onClick={() => openNotification(t)}>
            <strong>{t.title}</strong>
            <span className="small">{t.body}</span>
          </button>
          <button
            className="toast-close"
            aria-label={`Dismiss: ${t.title}`}
            onClick={() => dismissToast(t.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
