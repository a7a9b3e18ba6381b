import { create } from 'zustand';
import type { CloudAccountView } from '../../../shared/contract/cloud-schemas.ts';
import { subscribe } from '../../bridge/farm-client.ts';
import { request } from '../../bridge/farm-client.ts';
import { useLinkStore } from '../../store/link-store.ts';

export interface CloudState {
  /** The engine's account view (never a token); null until loaded. */
  account: CloudAccountView | null;
  panelOpen: boolean;
}

export const useCloudStore = create<CloudState>()(() => ({ account: null, panelOpen: false }));

export const openCloudPanel = (panelOpen: boolean) => useCloudStore.setState({ panelOpen });
export const setAccount = (account: CloudAccountView) => useCloudStore.setState({ account });

async function refresh(): Promise<void> {
  const result = await request('cloud:get-account');
  if (result.ok) setAccount(result.value);
}

/** Follows the engine's cloud account; call once after `startFarmClient()`. */
export function startCloudClient(): void {
  subscribe('cloud:changed', setAccount);
  useLinkStore.subscribe((link, prev) => {
    if (link.status === 'open' && prev.status !== 'open') void refresh();
  });
  if (useLinkStore.getState().status === 'open') void refresh();
}
