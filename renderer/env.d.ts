import type { FarmBridge } from '../shared/contract/contract.ts';

declare global {
  interface Window {
    /** Present in the Electron app (exposed by the preload); absent in a browser, which uses the WebSocket. */
    farm?: FarmBridge;
  }
}
