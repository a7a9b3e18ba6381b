import { useEffect, useState } from 'react';
import type { PlateSummary } from '../../../shared/contract/print-schemas.ts';
import { request } from '../../bridge/farm-client.ts';
import { showView } from '../../store/ui-store.ts';
import { DEFAULT_OPTIONS } from '../print/print-dialog.tsx';
import { PlatePicker } from '../print/plate-picker.tsx';
import { AddToQueueForm } from './add-to-queue-form.tsx';
import { openLibraryQueue, useLibraryQueueDialog } from './queue-store.ts';
import '../print/print.css';

/** "Add to queue" on a library file: its plates, then the queue form. */
export function LibraryQueueDialogHost() {
  const file = useLibraryQueueDialog((s) => s.file);
  if (!file) return null;
  return <LibraryQueueDialog key={file.fileId} fileId={file.fileId} name={file.name} />;
}

function LibraryQueueDialog({ fileId, name }: { fileId: string; name: string }) {
  const [plates, setPlates] = useState<PlateSummary[] | null>(null);
  const [plate, setPlate] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const close = () => openLibraryQueue(null);

  useEffect(() => {
    let live = true;
    void request('library:get', fileId).then((result) => {
      if (!live) return;
      if (!result.ok) return setError(result.error.message);
      setPlates(result.value.plates);
      setPlate(result.value.plates[0]?.index ?? 1);
    });
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    window.addEventListener('keydown', onKey);
    return () => {
      live = false;
      window.removeEventListener('keydown', onKey);
    };
  }, [fileId]);

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        className="dialog print-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Add to the queue"
      >
        <h2>{name}</h2>
        {error ? (
          <>
            <p className="error-text" role="alert">
              {error}
            </p>
            <div className="dialog-actions">
              <button onClick={close}>Close</button>
            </div>
          </>
        ) : plates === null ? (
          <p className="muted" role="status">
            Reading the file…
          </p>
        ) : (
          <>
            {plates.length > 1 && <PlatePicker plates={plates} value={plate} onChange={setPlate} />}
            <AddToQueueForm
              file={{ from: 'library', libraryFileId: fileId }}
              plate={plate}
              options={DEFAULT_OPTIONS}
              onAdded={() => {
                close();
                showView('queue');
              }}
              onCancel={close}
            />
          </>
        )}
      </div>
    </div>
  );
}
