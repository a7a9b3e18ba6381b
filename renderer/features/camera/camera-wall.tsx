import { useShallow } from 'zustand/react/shallow';
import { usePrintersStore, useVisibleIds } from '../../store/printers-store.ts';
import { selectPrinter, useUiStore } from '../../store/ui-store.ts';
import { usePrintUi } from '../print/print-store.ts';
import { CameraTile } from './camera-tile.tsx';
import { openCameraWall, setCamerasInGrid, useCameraUi } from './camera-store.ts';

/**
 * The camera wall: live cameras of the selected printers (the cards ticked in the grid), or of the
 * printers the grid shows (its status filter and search) when none is ticked. Tiles scrolled out of
 * view stop their stream.
 */
export function CameraWall() {
  const query = useUiStore(
    useShallow((s) => ({ filter: s.filter, search: s.search, sort: s.sort })),
  );
  const shown = useVisibleIds(query);
  const picked = usePrintUi((s) => s.picked);
  const selected = shown.filter((id) => picked.includes(id));
  const ids = selected.length > 0 ? selected : shown;
  const scope =
    selected.length > 0
      ? ' (selected)'
      : query.filter !== 'all' || query.search
        ? ' (as filtered in the grid)'
        : '';
  return (
    <div className="detail" data-testid="camera-wall">
      <div className="detail-head">
        <button
          className="ghost"
          onClick={() => openCameraWall(false)}
          aria-label="Close the camera wall"
        >
          ← Farm
        </button>
        <h1>Cameras</h1>
        <span className="muted">
          {ids.length} printer{ids.length === 1 ? '' : 's'}
          {scope}
        </span>
      </div>
      {ids.length === 0 ? (
        <p className="empty-note">No printer matches the grid's filter.</p>
      ) : (
        <div className="camera-wall">
          {ids.map((id) => (
            <WallTile key={id} id={id} />
          ))}
        </div>
      )}
    </div>
  );
}

function WallTile({ id }: { id: string }) {
  const name = usePrintersStore((s) => s.byId[id]?.name ?? '');
  return (
    <figure className="camera-wall-item" aria-label={`${name} camera`}>
      <CameraTile id={id} size="wall" />
      <figcaption>
        <button
          className="link"
          onClick={() => {
            openCameraWall(false);
            selectPrinter(id);
          }}
        >
          {name}
        </button>
      </figcaption>
    </figure>
  );
}

/** Toolbar controls: open the camera wall; show or hide camera tiles in the cards. */
export function CameraToolbarButtons() {
  const inGrid = useCameraUi((s) => s.inGrid);
  return (
    <>
      <label className="sort small">
        <input
          type="checkbox"
          checked={inGrid}
          onChange={(e) => setCamerasInGrid(e.target.checked)}
        />
        <span className="muted">Cameras in cards</span>
      </label>
      <button onClick={() => openCameraWall(true)} data-testid="open-camera-wall">
        Camera wall
      </button>
    </>
  );
}
