import { FarmGrid } from './features/farm-grid/farm-grid.tsx';
import { GridToolbar } from './features/farm-grid/grid-toolbar.tsx';
import { PrinterDetail } from './features/printer-detail/printer-detail.tsx';
import { PrinterForm } from './features/printer-form/printer-form.tsx';
import { useLinkStore } from './store/link-store.ts';
import { useFarmReady } from './store/printers-store.ts';
import { openDialog, useUiStore } from './store/ui-store.ts';

/** The whole window: header, then the grid or one printer's detail, and the add/edit dialog. */
export function App() {
  const selectedId = useUiStore((s) => s.selectedId);
  const dialog = useUiStore((s) => s.dialog);
  const link = useLinkStore((s) => s.status);
  const ready = useFarmReady();
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ▦
          </span>
          Farmdeck
        </div>
        {link !== 'open' && (
          <div className="link-banner" role="status">
            {link === 'connecting'
              ? 'Connecting to Farmdeck…'
              : 'Lost the connection to Farmdeck: reconnecting…'}
          </div>
        )}
        <button className="primary" onClick={() => openDialog({ kind: 'add' })}>
          Add printer
        </button>
      </header>
      {!ready ? (
        <p className="empty-note">Loading the farm…</p>
      ) : selectedId !== null ? (
        <PrinterDetail id={selectedId} />
      ) : (
        <>
          <GridToolbar />
          <FarmGrid />
        </>
      )}
      {dialog && <PrinterForm key={dialog.kind === 'edit' ? dialog.id : 'add'} dialog={dialog} />}
    </div>
  );
}
