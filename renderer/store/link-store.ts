import { create } from 'zustand';
import type { LinkStatus } from '../bridge/ws-bridge.ts';

/** The renderer's own link to the engine (WebSocket in a browser; always open under Electron). */
export const useLinkStore = create<{ status: LinkStatus }>()(() => ({ status: 'connecting' }));

export const setLinkStatus = (status: LinkStatus) => useLinkStore.setState({ status });
