import {
  CAMERA_PORT_MESSAGE,
  CAMERA_WS_PATH,
  decodeCameraFrame,
  parseCameraStatus,
  type CameraFrameKind,
  type CameraMode,
  type CameraPortHello,
  type CameraStatusMessage,
} from '../../../shared/contract/camera-channels.ts';

/** What a camera stream delivers to a tile. */
export interface CameraStreamHandlers {
  /** One frame; the stream acknowledges it (Electron) once this returns or settles. */
  onFrame(kind: CameraFrameKind, data: Uint8Array<ArrayBuffer>): void | Promise<void>;
  onStatus(status: CameraStatusMessage): void;
  /** The stream ended (snapshot sent, printer removed, connection lost). Not called after `close`. */
  onEnd(): void;
}

let nextRequest = 1;

/**
 * Opens one camera stream: a MessagePort from the Electron main process, else a WebSocket to the
 * host's camera endpoint (same origin, the page's token). Returns the function that stops it.
 */
export function openCameraStream(
  printerId: string,
  mode: CameraMode,
  handlers: CameraStreamHandlers,
): () => void {
  return window.farmCamera
    ? openPortStream(printerId, mode, handlers)
    : openSocketStream(printerId, mode, handlers);
}

function handleBinary(buffer: ArrayBuffer, handlers: CameraStreamHandlers): void | Promise<void> {
  const frame = decodeCameraFrame(new Uint8Array(buffer));
  if (frame) return handlers.onFrame(frame.kind, frame.data as Uint8Array<ArrayBuffer>);
}

function openSocketStream(
  printerId: string,
  mode: CameraMode,
  handlers: CameraStreamHandlers,
): () => void {
  const page = new URL(window.location.href);
  const url = new URL(CAMERA_WS_PATH, page);
  url.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = page.searchParams.get('token');
  if (token) url.searchParams.set('token', token);
  url.searchParams.set('printer', printerId);
  url.searchParams.set('mode', mode);
  let closed = false;
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  ws.onmessage = (event: MessageEvent) => {
    if (closed) return;
    if (event.data instanceof ArrayBuffer) {
      // Acknowledge each frame: the host sends the next ones only then (latest frame wins upstream).
      void Promise.resolve(handleBinary(event.data, handlers)).then(() => {
        if (!closed && ws.readyState === WebSocket.OPEN) ws.send('ack');
      });
    } else if (typeof event.data === 'string') {
      const status = parseCameraStatus(event.data);
      if (status) handlers.onStatus(status);
    }
  };
  ws.onclose = () => {
    if (!closed) handlers.onEnd();
    closed = true;
  };
  return () => {
    closed = true;
    ws.close();
  };
}

/** Electron: the preload forwards the port main created; each frame is acknowledged when drawn. */
function openPortStream(
  printerId: string,
  mode: CameraMode,
  handlers: CameraStreamHandlers,
): () => void {
  const requestId = `cam-${nextRequest++}`;
  let port: MessagePort | null = null;
  let closed = false;
  const onWindowMessage = (event: MessageEvent) => {
    const hello = event.data as Partial<CameraPortHello> | null;
    if (event.source !== window || hello?.type !== CAMERA_PORT_MESSAGE) return;
    if (hello.requestId !== requestId || !event.ports[0]) return;
    window.removeEventListener('message', onWindowMessage);
    port = event.ports[0];
    if (closed) return port.close();
    const p = port;
    p.onmessage = async (msg: MessageEvent) => {
      if (closed) return;
      if (msg.data instanceof ArrayBuffer) {
        await handleBinary(msg.data, handlers);
        p.postMessage('ack');
      } else if (msg.data === 'end') {
        closed = true;
        p.close();
        handlers.onEnd();
      } else if (typeof msg.data === 'string') {
        const status = parseCameraStatus(msg.data);
        if (status) handlers.onStatus(status);
      }
    };
  };
  window.addEventListener('message', onWindowMessage);
  window.farmCamera?.open(printerId, mode, requestId);
  return () => {
    closed = true;
    window.removeEventListener('message', onWindowMessage);
    port?.close();
  };
}
