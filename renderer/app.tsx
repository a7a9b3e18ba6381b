import { lazy, Suspense } from 'react';
import { CameraWall } from './features/camera/camera-wall.tsx';
import { useCameraUi } from './features/camera/camera-store.ts';
import { FarmGrid } from './features/farm-grid/farm-grid.tsx';
import { GridToolbar } from './features/farm-grid/grid-toolbar.tsx';
import { PrinterDetail } from './features/printer-detail/printer-detail.tsx';
import { PrinterForm } from './features/printer-form/printer-form.tsx';
import { NoticeBanners } from './features/app-notices/notice-banners.tsx';
import { CloudPanel } from './features/cloud/cloud-panel.tsx';
import { openCloudPanel, useCloudStore } from './features/cloud/cloud-store.ts';
import { openSettings, useNotifyStore } from './features/notifications/notify-store.ts';
import { Toasts } from './features/notifications/toasts.tsx';
import { SettingsPanel } from './features/settings/settings-panel.tsx';
import { PrintDialogHost } from './features/print/print-dialog.tsx';
import { PrintDropLayer, PrintFileButton } from './features/print/drop-layer.tsx';
import { PrintJobsPanel } from './features/print/print-jobs-panel.tsx';
import { ViewTabs } from './components/view-tabs.tsx';
import { HistoryView } from './features/history/history-view.tsx';
import { LibraryView } from './features/library/library-view.tsx';
import { LibraryQueueDialogHost } from './features/queue/library-queue-dialog.tsx';
import { QueueView } from './features/queue/queue-view.tsx';
import { useLinkStore } from './store/link-store.ts';
import { useFarmReady } from './store/printers-store.ts';
import { openDialog, useUiStore } from './store/ui-store.ts';

// The charting library is loaded with the Statistics view only: the grid's bundle stays as it was.
const StatisticsView = lazy(() =>
  import('./features/statistics/statistics-view.tsx').then((m) => ({ default: m.StatisticsView })),
);

/** The whole window: header, then the current view (grid or one printer's detail, queue, history, library, statistics). */
export function App() {
  const view = useUiStore((s) => s.view);
  const selectedId = useUiStore((s) => s.selectedId);
  const dialog = useUiStore((s) => s.dialog);
  const link = useLinkStore((s) => s.status);
  const ready = useFarmReady();
  const cloudOpen = useCloudStore((s) => s.panelOpen);
  const settingsOpen = useNotifyStore((s) => s.settingsOpen);
  const cameraWall = useCameraUi((s) => s.wallOpen);
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ▦
          </span>
          Farmdeck
        </div>
        <ViewTabs />
        {link !== 'open' && (
          <div className="link-banner" role="status">
            {link === 'connecting'
              ? 'Connecting to Farmdeck…'
              : 'Lost the connection to Farmdeck: reconnecting…'}
          </div>
        )}
        <PrintFileButton />
        <button onClick={() => openCloudPanel(true)}>Cloud account</button>
        <button onClick={() => openSettings(true)}>Settings</button>
        <button className="primary" onClick={() => openDialog({ kind: 'add' })}>
          Add printer
        </button>
      </header>
      <NoticeBanners />
      {!ready ? (
        <p className="empty-note">Loading the farm…</p>
      ) : view === 'queue' ? (
        <QueueView />
      ) : view === 'history' ? (
        <HistoryView />
      ) : view === 'library' ? (
        <LibraryView />
      ) : view === 'statistics' ? (
        <Suspense fallback={<p className="empty-note">Loading the charts…</p>}>
          <StatisticsView />
        </Suspense>
      ) : cameraWall && selectedId === null ? (
        <CameraWall />
      ) : selectedId !== null ? (
        <PrinterDetail id={selectedId} />
      ) : (
        <>
          <GridToolbar />
          <FarmGrid />
        </>
      )}
      {cloudOpen && <CloudPanel />}
      {settingsOpen && <SettingsPanel />}
      <Toasts />
      <PrintDropLayer />
      <PrintJobsPanel />
      <PrintDialogHost />
      <LibraryQueueDialogHost />
      {dialog && <PrinterForm key={dialog.kind === 'edit' ? dialog.id : 'add'} dialog={dialog} />}
    </div>
  );
}
