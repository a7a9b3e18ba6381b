import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { contrastText } from '../../lib/format.ts';
import { formatBytes, formatDuration } from '../print/print-format.ts';
import { formatGrams, formatWhen } from '../history/record-format.ts';
import type { LibraryFile } from '../history/record-types.ts';
import { printFromLibrary } from './library-actions.ts';
import { loadLibrary, removeLibraryFile, setLibrarySearch, useLibraryUi } from './library-store.ts';
import '../history/records.css';

/** Every file dropped or sent, kept by content: search, print again, delete. */
export function LibraryView() {
  const s = useLibraryUi(
    useShallow((s) => ({
      search: s.search,
      files: s.files,
      usage: s.usage,
      loading: s.loading,
      error: s.error,
    })),
  );
  useEffect(() => {
    void loadLibrary();
  }, []);
  return (
    <div className="records-view" data-testid="library-view">
      <div className="toolbar">
        <input
          type="search"
          className="search wide"
          placeholder="Search file name, material, model"
          aria-label="Search the library"
          value={s.search}
          onChange={(e) => setLibrarySearch(e.target.value)}
        />
        {s.usage && (
          <span className="muted small" data-testid="library-usage">
            {s.usage.files} files · {formatBytes(s.usage.bytes)} of {formatBytes(s.usage.capBytes)}
          </span>
        )}
      </div>
      <div className="records-body">
        {s.error && (
          <div className="notice error" role="alert">
            Library: {s.error}
          </div>
        )}
        {s.files.length === 0 && !s.loading && !s.error ? (
          <p className="empty-note">
            {s.search
              ? 'No file matches this search.'
              : 'The library is empty. Files you drop on the farm or send to a printer are kept here.'}
          </p>
        ) : (
          <ul className="library-grid">
            {s.files.map((f) => (
              <LibraryCard key={f.id} file={f} />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function LibraryCard({ file }: { file: LibraryFile }) {
  const [confirming, setConfirming] = useState(false);
  const plate = file.plates[0];
  const filaments = file.plates.flatMap((p) => p.filaments);
  return (
    <li className="library-card" data-testid="library-file" data-file-name={file.name}>
      <div className="library-thumb">
        {plate?.thumbnail ? (
          <img src={plate.thumbnail} alt={`${file.name} plate ${plate.index}`} />
        ) : (
          <span className="muted small">no preview</span>
        )}
      </div>
      <div className="library-info">
        <h3 title={file.name}>{file.name}</h3>
        <div className="muted small">
          {file.plates.length} plate{file.plates.length === 1 ? '' : 's'} ·{' '}
          {formatDuration(plate?.predictionSeconds)} · {formatGrams(plate?.weightGrams ?? null)} ·{' '}
          {formatBytes(file.bytes)}
        </div>
        <div className="filament-cell">
          {filaments.slice(0, 6).map((f, i) => (
            <span
              key={i}
              className="swatch mini"
              style={
                f.color ? { backgroundColor: f.color, color: contrastText(f.color) } : undefined
              }
              title={`${f.type ?? 'unknown'} ${f.color ?? ''}`}
            >
              {(f.type ?? '?').slice(0, 4)}
            </span>
          ))}
          {file.models.length > 0 && (
            <span className="muted small">for {file.models.join(', ')}</span>
          )}
        </div>
        <div className="small" data-testid="library-stats">
          Printed {file.timesPrinted}×
          {file.successRate !== null && <> · {Math.round(file.successRate * 100)}% succeeded</>}
          {file.lastPrintedAt !== null && (
            <span className="muted"> · last {formatWhen(file.lastPrintedAt)}</span>
          )}
        </div>
        <div className="library-actions">
          <button className="primary" onClick={() => void printFromLibrary(file)}>
            Print…
          </button>
          {confirming ? (
            <span className="confirm">
              <span className="small">Delete this file from the library?</span>
              <button className="danger" onClick={() => void removeLibraryFile(file.id)}>
                Delete
              </button>
              <button onClick={() => setConfirming(false)}>Keep</button>
            </span>
          ) : (
            <button className="danger-outline" onClick={() => setConfirming(true)}>
              Delete…
            </button>
          )}
        </div>
      </div>
    </li>
  );
}
