import { memo, useMemo, useRef } from 'react';
import { cameraViewOf, type CameraView } from '../../../shared/contract/camera-schemas.ts';
import { usePrintersStore } from '../../store/printers-store.ts';
import { useCameraStream } from './use-camera-stream.ts';
import { useOnScreen } from './use-on-screen.ts';
import './camera.css';

/** `card`: in a grid card (live or slow snapshots by stream budget); `wall` and `large`: always live. */
export type CameraTileSize = 'card' | 'wall' | 'large';

interface TileFacts {
  camera: CameraView;
  online: boolean;
}

/** The few printer facts a tile depends on, as one string so other changes do not re-render it. */
function factsKey(id: string): (s: ReturnType<typeof usePrintersStore.getState>) => string | null {
  return (s) => {
    const view = s.byId[id];
    if (!view) return null;
    const c = cameraViewOf(view);
    return `${c.kind}|${c.grid}|${c.disabled ? 1 : 0}|${view.connection.status === 'online' ? 1 : 0}`;
  };
}

function parseFacts(key: string | null): TileFacts | null {
  if (key === null) return null;
  const [kind, grid, disabled, online] = key.split('|');
  return {
    camera: {
      kind: kind as CameraView['kind'],
      grid: grid as CameraView['grid'],
      disabled: disabled === '1',
    },
    online: online === '1',
  };
}

/**
 * A printer's camera: JPEG frames drawn on a canvas as they come, RTSP video through Media Source
 * Extensions. Streams only while on screen; says why when there is no picture.
 */
export const CameraTile = memo(function CameraTile({
  id,
  size,
}: {
  id: string;
  size: CameraTileSize;
}) {
  const key = usePrintersStore(useMemo(() => factsKey(id), [id]));
  const facts = parseFacts(key);
  const container = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const targets = useMemo(() => ({ container, canvas, video }), []);
  const onScreen = useOnScreen(container);

  const camera = facts?.camera;
  const usable = camera !== undefined && camera.kind !== 'none' && !camera.disabled;
  const wanted = size === 'card' ? (camera?.grid ?? 'none') : 'live';
  const mode = usable && facts?.online && onScreen && wanted !== 'none' ? wanted : 'off';
  const { status, media, fallback } = useCameraStream(id, mode, targets);

  let note: string | null = null;
  if (!facts) note = null;
  else if (camera?.kind === 'none') note = 'This printer has no camera';
  else if (!facts.online) note = 'Camera unavailable while the printer is offline';
  else if (camera?.disabled)
    note = "LAN live view is off: enable LAN Mode Liveview on the printer's screen";
  else if (status?.state === 'retrying' || (status?.state === 'closed' && status.message))
    note = status.message ?? 'Camera unavailable';
  else if (media === null) note = 'Connecting to the camera…';

  return (
    <div
      ref={container}
      className={`camera-tile camera-${size}`}
      data-testid="camera-tile"
      data-printer-id={id}
      data-camera-mode={mode}
      data-frames="0"
      data-media={media ?? 'none'}
    >
      <canvas ref={canvas} className="camera-media" hidden={media !== 'jpeg'} aria-label="Camera" />
      <video
        ref={video}
        className="camera-media"
        hidden={media !== 'video'}
        muted
        playsInline
        autoPlay
        aria-label="Camera video"
      />
      {note && (
        <div className="camera-note small" role="status" data-testid="camera-note">
          {note}
        </div>
      )}
      {(mode === 'snapshot' || fallback !== null) && media && (
        <span className="camera-badge small" title={fallback ?? 'Refreshed every 30 s'}>
          still
        </span>
      )}
    </div>
  );
});
