import { ipcMain, MessageChannelMain, type IpcMainEvent } from 'electron';
import {
  CAMERA_OPEN_CHANNEL,
  CAMERA_PORT_CHANNEL,
  encodeCameraFrame,
} from '../../shared/contract/camera-channels.ts';
import { CameraOpenRequest } from '../../shared/contract/camera-schemas.ts';
import type { FarmEngine } from '../../core/farm/farm-engine.ts';

/** A frame not acknowledged by the page within this time is treated as drawn (a stuck tile must not stall). */
const ACK_TIMEOUT_MS = 5_000;

/**
 * Camera streams in the desktop app (style.md 7.7): one MessageChannelMain per tile. The page asks with
 * the one renderer -> main `send` of the contract (sender-checked, parsed), gets a port, and receives
 * binary frames (kind byte + data) and JSON status texts on it. The page acknowledges each frame; until
 * it does, the engine's hub keeps only the newest one (latest frame wins). Closing the port stops the stream.
 */
export function registerCameraPorts(
  engine: FarmEngine,
  isTrustedSender: (event: IpcMainEvent) => boolean,
): () => void {
  const onOpen = (event: IpcMainEvent, raw: unknown) => {
    if (!isTrustedSender(event)) return;
    const parsed = CameraOpenRequest.safeParse(raw);
    if (!parsed.success || parsed.data.requestId === undefined) return;
    const { printerId, mode, requestId } = parsed.data;
    const { port1, port2 } = new MessageChannelMain();
    let ack: (() => void) | null = null;
    let open = true;
    port1.on('message', (msg) => {
      if (msg.data === 'ack') ack?.();
    });
    const stream = engine.openCamera(printerId, mode, {
      frame: (kind, data) => {
        if (!open) return;
        const bytes = encodeCameraFrame(kind, data);
        port1.postMessage(bytes.buffer);
        return new Promise<void>((resolve) => {
          const timer = setTimeout(() => resolve(), ACK_TIMEOUT_MS);
          ack = () => {
            clearTimeout(timer);
            ack = null;
            resolve();
          };
        });
      },
      status: (status) => {
        if (open) port1.postMessage(JSON.stringify(status));
      },
      end: () => {
        if (!open) return;
        port1.postMessage('end');
        open = false;
        port1.close();
      },
    });
    port1.on('close', () => {
      open = false;
      ack?.();
      stream.close();
    });
    port1.start();
    event.sender.postMessage(CAMERA_PORT_CHANNEL, { requestId }, [port2]);
  };
  ipcMain.on(CAMERA_OPEN_CHANNEL, onOpen);
  return () => {
    ipcMain.off(CAMERA_OPEN_CHANNEL, onOpen);
  };
}
