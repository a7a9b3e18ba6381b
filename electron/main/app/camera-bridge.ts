import {
  CAMERA_OPEN_CHANNEL,
  CAMERA_PORT_CHANNEL,
  encodeCameraFrame,
} from '../../../shared/contract/camera-channels.ts';
import { CameraOpenRequest } from '../../../shared/contract/camera-schemas.ts';
import type { CameraStream } from '../../../core/farm/camera-farm.ts';
import type { EngineFace } from './engine-face.ts';
import type { ChannelFactory, IpcPort, IpcSendEvent } from './platform.ts';
import type { TrustedContents } from './trust.ts';

/** A frame not acknowledged by the page within this time is treated as drawn (a stuck tile must not stall). */
const ACK_TIMEOUT_MS = 5_000;

/**
 * Camera streams in the desktop app (style.md 7.7): one message channel per tile. The page asks with the
 * one renderer -> main `send` of the contract (sender-checked, parsed), gets a port, and receives binary
 * frames (kind byte + data) and JSON status texts on it. The page acknowledges each frame; until it does,
 * the engine's hub keeps only the newest one (latest frame wins). Closing the port stops the stream.
 * Returns the function that stops listening and closes every open stream (quit).
 */
export function registerCameraPorts(
  engine: EngineFace,
  ipc: IpcPort,
  trusted: TrustedContents,
  createChannel: ChannelFactory,
): () => void {
  const open = new Set<CameraStream>();
  const onOpen = (event: IpcSendEvent, raw: unknown) => {
    if (!trusted.isTrustedSender(event)) return;
    const parsed = CameraOpenRequest.safeParse(raw);
    if (!parsed.success || parsed.data.requestId === undefined) return;
    const { printerId, mode, requestId } = parsed.data;
    const { port1, port2 } = createChannel();
    let ack: (() => void) | null = null;
    let live = true;
    port1.on('message', (msg) => {
      if (msg.data === 'ack') ack?.();
    });
    const stream = engine.openCamera(printerId, mode, {
      frame: (kind, data) => {
        if (!live) return;
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
        if (live) port1.postMessage(JSON.stringify(status));
      },
      end: () => {
        if (!live) return;
        port1.postMessage('end');
        live = false;
        open.delete(stream);
        port1.close();
      },
    });
    open.add(stream);
    port1.on('close', () => {
      live = false;
      ack?.();
      open.delete(stream);
      stream.close();
    });
    port1.start();
    event.sender.postMessage(CAMERA_PORT_CHANNEL, { requestId }, [port2]);
  };
  ipc.on(CAMERA_OPEN_CHANNEL, onOpen);
  return () => {
    ipc.off(CAMERA_OPEN_CHANNEL, onOpen);
    for (const stream of open) stream.close();
    open.clear();
  };
}
