import type { CameraPortBridge } from '../shared/contract/camera-channels.ts';
import type { FarmBridge } from '../shared/contract/contract.ts';

declare global {
  interface Window {
    /** Present in the Electron app (exposed by the preload); absent in a browser, which uses the WebSocket. */
    farm?: FarmBridge;
    /** Electron only: camera streams on MessagePorts (the browser uses the host's `/camera` socket). */
    farmCamera?: CameraPortBridge;
    /** Electron only: the path of a dropped file, which the engine reads for printing. */
    farmFiles?: { pathFor(file: File): string };
  }
}
