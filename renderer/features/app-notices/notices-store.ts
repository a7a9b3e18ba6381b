import { create } from 'zustand';
import type { AppNotice, CodeStorage } from '../../../shared/contract/app-notices.ts';
import { request, subscribe } from '../../bridge/farm-client.ts';
import { useLinkStore } from '../../store/link-store.ts';

export interface NoticesState {
  /** The engine's notices about the app itself (damaged store, unprotected or unreadable codes). */
  notices: AppNotice[];
  /** Why the last action of a banner failed, by notice id. */
  errors: Record<string, string>;
}

export const useNoticesStore = create<NoticesState>()(() => ({ notices: [], errors: {} }));

const setNotices = (notices: AppNotice[]) => useNoticesStore.setState({ notices });

async function refresh(): Promise<void> {
  const result = await request('app:list-notices');
  if (result.ok) setNotices(result.value);
}

export async function dismissNotice(id: string): Promise<void> {
  const result = await request('app:dismiss-notice', id);
  if (result.ok) setNotices(useNoticesStore.getState().notices.filter((n) => n.id !== id));
}

/** Switches where access codes live; a refusal (no keyring) is shown on the banner. */
export async function setCodeStorage(noticeId: string, mode: CodeStorage): Promise<void> {
  const result = await request('app:set-code-storage', mode);
  useNoticesStore.setState((s) => {
    const errors = { ...s.errors };
    if (result.ok) delete errors[noticeId];
    else errors[noticeId] = result.error.message;
    return { errors };
  });
}

/** Follows the engine's notices; call once after `startFarmClient()`. */
export function startNoticesClient(): void {
  subscribe('app:notices-changed', setNotices);
  useLinkStore.subscribe((link, prev) => {
    if (link.status === 'open' && prev.status !== 'open') void refresh();
  });
  if (useLinkStore.getState().status === 'open') void refresh();
}
