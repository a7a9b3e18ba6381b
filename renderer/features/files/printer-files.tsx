import { useCallback, useEffect, useState } from 'react';
import type { PrinterFile } from '../../../shared/contract/print-schemas.ts';
import { request } from '../../bridge/farm-client.ts';
import { formatBytes } from '../print/print-format.ts';
import { trackJob } from '../print/print-store.ts';

type Listing =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ok'; files: PrinterFile[] };

/** The files on a printer's storage: list, print again, delete (with confirmation). */
export function PrinterFiles({ id, online }: { id: string; online: boolean }) {
  const [listing, setListing] = useState<Listing>({ state: 'loading' });
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async () => {
    setListing({ state: 'loading' });
    const result = await request('printer:list-files', id);
    setListing(
      result.ok
        ? { state: 'ok', files: result.value.files }
        : { state: 'error', message: result.error.message },
    );
  }, [id]);

  useEffect(() => {
    if (online) void load();
  }, [load, online]);

  return (
    <section className="panel wide" aria-label="Files">
      <div className="panel-head">
        <h2>Files on the printer</h2>
        <button className="small" onClick={() => void load()} disabled={!online}>
          Refresh
        </button>
      </div>
      {!online ? (
        <p className="muted small">The printer is not connected.</p>
      ) : listing.state === 'loading' ? (
        <p className="muted small">Reading the printer's storage…</p>
      ) : listing.state === 'error' ? (
        <p className="error-text small" role="alert">
          {listing.message}
        </p>
      ) : listing.files.length === 0 ? (
        <p className="muted small">No files.</p>
      ) : (
        <ul className="file-list">
          {listing.files.map((f) => (
            <FileRow
              key={f.path}
              id={id}
              file={f}
              onDone={setMessage}
              onDeleted={() => void load()}
            />
          ))}
        </ul>
      )}
      {message && (
        <p className="error-text small" role="alert" data-testid="files-message">
          {message}
        </p>
      )}
    </section>
  );
}

function FileRow({
  id,
  file,
  onDone,
  onDeleted,
}: {
  id: string;
  file: PrinterFile;
  onDone: (error: string | null) => void;
  onDeleted: () => void;
}) {
  const [mode, setMode] = useState<'idle' | 'print' | 'delete'>('idle');
  const [plate, setPlate] = useState('1');
  const [useAms, setUseAms] = useState(true);
  const [busy, setBusy] = useState(false);

  const printAgain = async () => {
    setBusy(true);
    const result = await request('printer:print-file', id, {
      path: file.path,
      plate: Math.max(1, Math.floor(Number(plate)) || 1),
      useAms,
      options: {
        bedLeveling: true,
        flowCalibration: true,
        vibrationCalibration: true,
        timelapse: false,
      },
    });
    setBusy(false);
    setMode('idle');
    if (result.ok) trackJob(result.value);
    onDone(result.ok ? null : result.error.message);
  };
  const remove = async () => {
    setBusy(true);
    const result = await request('printer:delete-file', id, file.path);
    setBusy(false);
    setMode('idle');
    onDone(result.ok ? null : result.error.message);
    if (result.ok) onDeleted();
  };

  return (
    <li className="file-row" data-testid="printer-file" data-file-name={file.name}>
      <span className="file-name" title={file.path}>
        {file.name}
      </span>
      <span className="muted small">
        {formatBytes(file.size)} · {file.modified}
      </span>
      {mode === 'idle' && (
        <span className="file-actions">
          {file.printable && (
            <button className="small" onClick={() => setMode('print')}>
              Print again
            </button>
          )}
          <button className="small danger-outline" onClick={() => setMode('delete')}>
            Delete
          </button>
        </span>
      )}
      {mode === 'print' && (
        <span className="file-actions">
          <label className="small">
            Plate{' '}
            <input
              className="plate-input"
              type="number"
              min={1}
              value={plate}
              onChange={(e) => setPlate(e.target.value)}
            />
          </label>
          <label className="small check-line">
            <input type="checkbox" checked={useAms} onChange={(e) => setUseAms(e.target.checked)} />
            AMS
          </label>
          <button className="small primary" disabled={busy} onClick={() => void printAgain()}>
            Start
          </button>
          <button className="small ghost" onClick={() => setMode('idle')}>
            Cancel
          </button>
        </span>
      )}
      {mode === 'delete' && (
        <span className="file-actions">
          <span className="small">Delete {file.name}?</span>
          <button className="small danger" disabled={busy} onClick={() => void remove()}>
            Delete
          </button>
          <button className="small ghost" onClick={() => setMode('idle')}>
            Keep
          </button>
        </span>
      )}
    </li>
  );
}
