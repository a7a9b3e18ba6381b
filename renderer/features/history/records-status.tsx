import { create } from 'zustand';
import type { RecordsStatus } from '../../../shared/contract/records-schemas.ts';
import { request, subscribe } from '../../bridge/farm-client.ts';
import { useLinkStore } from '../../store/link-store.ts';

/** The database behind history, library and statistics, as the engine last said. */
export const useRecordsStatus = create<{ status: RecordsStatus | null }>()(() => ({
  status: null,
}));

async function loadStatus(): Promise<void> {
  const result = await request('records:get-status');
  if (result.ok) useRecordsStatus.setState({ status: result.value });
}

/** Follows the database's status; call once after `startFarmClient()`. */
export function startRecordsClient(): void {
  subscribe('records:status', (status) => useRecordsStatus.setState({ status }));
  useLinkStore.subscribe((link, prev) => {
    if (link.status === 'open' && prev.status !== 'open') void loadStatus();
  });
  if (useLinkStore.getState().status === 'open') void loadStatus();
}

/** Says why history is missing (no database, server unreachable, damaged database); nothing when ready. */
export function RecordsNotice() {
  const status = useRecordsStatus((s) => s.status);
  if (!status || status.state === 'ready') return null;
  const tone = status.state === 'unavailable' ? 'error' : 'info';
  const head =
    status.state === 'off'
      ? 'History is off.'
      : status.state === 'connecting'
        ? 'Connecting to the history database…'
        : 'The history database is unavailable.';
  return (
    <div className={`notice ${tone}`} role="status" data-testid="records-notice">
      <strong>{head}</strong> {status.message}
    </div>
  );
}

/** Calls `load` when the link to the engine comes back (events sent meanwhile were missed). */
export function onReconnect(load: () => void): () => void {
  return useLinkStore.subscribe((link, prev) => {
    if (link.status === 'open' && prev.status !== 'open') load();
  });
}
