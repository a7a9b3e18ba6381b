import type { AppNotice } from '../../../shared/contract/app-notices.ts';
import { openDialog } from '../../store/ui-store.ts';
import { dismissNotice, setCodeStorage, useNoticesStore } from './notices-store.ts';
import './notices.css';

const TITLES: Record<AppNotice['kind'], string> = {
  'store-damaged': 'A saved file was damaged and moved aside',
  'store-migrated': 'Settings upgraded',
  'codes-unprotected': 'No keyring protects the access codes',
  'codes-in-memory': 'Access codes are kept in memory only',
  'code-unreadable': 'Enter the access code again',
};

function Banner({ notice, error }: { notice: AppNotice; error: string | undefined }) {
  const tone = notice.kind === 'store-migrated' ? 'info' : 'warn';
  const printerId = notice.printerId;
  return (
    <div className={`notice notice-${tone}`} role="alert" data-notice={notice.kind}>
      <div className="notice-text">
        <strong>{TITLES[notice.kind]}</strong>
        <p>{notice.message}</p>
        {error && <p className="notice-error">{error}</p>}
      </div>
      <div className="notice-actions">
        {notice.kind === 'code-unreadable' && printerId !== undefined && (
          <button onClick={() => openDialog({ kind: 'edit', id: printerId })}>
            Enter access code
          </button>
        )}
        {notice.action === 'keep-codes-in-memory' && (
          <button onClick={() => void setCodeStorage(notice.id, 'memory')}>
            Keep codes in memory only
          </button>
        )}
        {notice.action === 'save-codes-on-disk' && (
          <button onClick={() => void setCodeStorage(notice.id, 'disk')}>Save codes on disk</button>
        )}
        <button onClick={() => void dismissNotice(notice.id)}>Dismiss</button>
      </div>
    </div>
  );
}

/** The app's own notices as banners under the header, until dismissed. */
export function NoticeBanners() {
  const notices = useNoticesStore((s) => s.notices);
  const errors = useNoticesStore((s) => s.errors);
  if (notices.length === 0) return null;
  return (
    <section className="notices" aria-label="Notices">
      {notices.map((n) => (
        <Banner key={n.id} notice={n} error={errors[n.id]} />
      ))}
    </section>
  );
}
