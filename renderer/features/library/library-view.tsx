import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LibraryFileSummary } from '../../../shared/contract/records-schemas.ts';
import { subscribe } from '../../bridge/farm-client.ts';
import { contrastText } from '../../lib/format.ts';
import { formatBytes, formatDuration } from '../print/print-format.ts';
import { formatWhen } from '../history/record-format.ts';
import { onReconnect, RecordsNotice } from '../history/records-status.tsx';
import { printFromLibrary } from './library-actions.ts';
import { openLibraryQueue } from '../queue/queue-store.ts';
import {
  loadLibrary,
  removeLibraryFile,
  setLibraryQuery,
  useLibraryUi,
  type LibrarySort,
} from './library-store.ts';
import '../history/records.css';

const SORTS: readonly { key: LibrarySort; label: string }[] = [
  { key: 'recent', label: 'Recently used' },
  { key: 'name', label: 'Name' },
  { key: 'most-printed', label: 'Most printed' },
];

/** Every file dropped or sent, kept by content: search, print again, delete. */
export function LibraryView() {
  const s = useLibraryUi(
    useShallow((s) => ({
      search: s.search,
      sort: s.sort,
      files: s.files,
      total: s.total,
      usage: s.usage,
      loading: s.loading,
      error: s.error,
    })),
  );
  useEffect(() => {
    void loadLibrary();
    const offReconnect = onReconnect(() => void loadLibrary());
    const offChanged = subscribe('library:changed', () => void loadLibrary());
    return () => {
      offReconnect();
      offChanged();
    };
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
          onChange={(e) => setLibraryQuery({ search: e.target.value })}
        />
        <div className="toolbar-right">
          {s.usage && (
            <span className="muted small" data-testid="library-usage">
              {s.total} files · {formatBytes(s.usage.usedBytes)} of {formatBytes(s.usage.capBytes)}
            </span>
          )}
          <label className="sort">
            <span className="muted small">Sort</span>
            <select
              value={s.sort}
              aria-label="Sort files"
              onChange={(e) => setLibraryQuery({ sort: e.target.value as LibrarySort })}
            >
              {SORTS.map((o) => (
                <option key={o.key} value={o.key}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <div className="records-body">
        <RecordsNotice />
        {s.error && (
          <div className="notice error" role="alert">
            Library: {s.error}
          </div>
        )}
        {s.files.length === 0 && !s.loading ? (
          !s.error && (
            <p className="empty-note">
              {s.search
                ? 'No file matches this search.'
                : 'The library is empty. Files you drop on the farm are kept here.'}
            </p>
          )
        ) : (
          <ul className="library-grid">
            {s.files.map((f) => (
              <LibraryCard key={f.fileId} file={f} />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function LibraryCard({ file }: { file: LibraryFileSummary }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <li className="library-card" data-testid="library-file" data-file-name={file.name}>
      <div className="library-thumb">
        {file.thumbnail ? (
          <img src={file.thumbnail} alt={`${file.name} preview`} />
        ) : (
          <span className="muted small">no preview</span>
        )}
      </div>
      <div className="library-info">
        <h3 title={file.name}>{file.name}</h3>
        <div className="muted small">
          {file.plateCount} plate{file.plateCount === 1 ? '' : 's'} ·{' '}
          {formatDuration(file.predictionSeconds)} · {formatBytes(file.bytes)}
        </div>
        <div className="filament-cell">
          {file.filaments.slice(0, 6).map((f, i) => (
            <span
              key={i}
              className="swatch mini"
              style={
                f.color ? { backgroundColor: f.color, color: contrastText(f.color) } : undefined
              }
              title={`${f.material} ${f.color}`}
            >
              {f.material.slice(0, 4)}
            </span>
          ))}
          {file.models.length > 0 && (
            <span className="muted small">for {file.models.join(', ')}</span>
          )}
        </div>
        <div className="small" data-testid="library-stats">
          Printed {file.timesPrinted}×
          {file.successRate !== null && <> · {Math.round(file.successRate * 100)}% succeeded</>}
          <span className="muted"> · used {formatWhen(file.lastUsedAt)}</span>
        </div>
        <div className="library-actions">
          <button className="primary" onClick={() => void printFromLibrary(file)}>
            Print…
          </button>
          <button onClick={() => openLibraryQueue({ fileId: file.fileId, name: file.name })}>
            Add to queue…
          </button>
          {confirming ? (
            <span className="confirm">
              <span className="small">Delete from the library?</span>
              <button className="danger" onClick={() => void removeLibraryFile(file.fileId)}>
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
