import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { showView } from '../../store/ui-store.ts';
import { QueueList } from './queue-list.tsx';
import { clearQueueError, followQueue, setQueuePaused, useQueueUi } from './queue-store.ts';
import './queue.css';

/** The job queue in the order free printers take it: reorder, pause, cancel, requeue, remove. */
export function QueueView() {
  const s = useQueueUi(
    useShallow((s) => ({
      queue: s.queue,
      loadError: s.loadError,
      actionError: s.actionError,
      note: s.note,
    })),
  );
  useEffect(followQueue, []);
  const q = s.queue;
  return (
    <div className="records-view" data-testid="queue-view">
      <div className="toolbar">
        <span className="muted small" data-testid="queue-summary">
          {q?.available
            ? `${q.jobs.length} job${q.jobs.length === 1 ? '' : 's'} · this app dispatches to ${q.controlled} printer${q.controlled === 1 ? '' : 's'}`
            : ''}
        </span>
        <div className="toolbar-right">
          {q?.available && (
            <button
              className={q.paused ? 'primary' : ''}
              data-testid="queue-pause"
              onClick={() => void setQueuePaused(!q.paused)}
            >
              {q.paused ? 'Resume the queue' : 'Pause the queue'}
            </button>
          )}
        </div>
      </div>
      <div className="queue-notices">
        {s.loadError && (
          <div className="notice error" role="alert">
            Queue: {s.loadError}
          </div>
        )}
        {s.actionError && (
          <div className="notice error" role="alert" data-testid="queue-error">
            {s.actionError}{' '}
            <button className="link" onClick={clearQueueError}>
              Dismiss
            </button>
          </div>
        )}
        {s.note && (
          <div className="notice info" role="status" data-testid="queue-note">
            {s.note}{' '}
            <button className="link" onClick={clearQueueError}>
              Dismiss
            </button>
          </div>
        )}
        {q === null ? (
          !s.loadError && <p className="empty-note">Loading the queue…</p>
        ) : !q.available ? (
          <div className="notice info" role="status" data-testid="queue-unavailable">
            <strong>The queue is unavailable.</strong> {q.reason}
          </div>
        ) : (
          <>
            {q.paused && (
              <div className="notice warn" role="status" data-testid="queue-paused">
                The queue is paused: no new copy starts. Prints already running go on.
              </div>
            )}
            {q.jobs.length === 0 && (
              <p className="empty-note" data-testid="queue-empty">
                The queue is empty. Drop a .gcode.3mf on the window and choose “Add to queue”, or
                use “Add to queue…” on a file in the{' '}
                <button className="link" onClick={() => showView('library')}>
                  Library
                </button>
                .
              </p>
            )}
          </>
        )}
      </div>
      {q?.available && q.jobs.length > 0 && <QueueList jobs={q.jobs} />}
    </div>
  );
}
