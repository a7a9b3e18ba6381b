import { memo, useState, type DragEvent } from 'react';
import type { QueueJobView } from '../../../shared/contract/queue-schemas.ts';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { QueueCopies } from './queue-copies.tsx';
import {
  countsText,
  donePercent,
  jobActions,
  jobPhase,
  notBeforeText,
  PHASE_BADGE,
  priorityText,
  ruleLabel,
} from './queue-format.ts';
import { dropMove, stepMove } from './queue-order.ts';
import { cancelJob, moveJob, removeJob, requeueJob, useQueueUi } from './queue-store.ts';
import { TargetText } from './queue-target.tsx';

/** The drag's data type: only rows of this view take the drop (a dragged file stays the print drop's). */
const JOB_TYPE = 'application/x-farmdeck-queue-job';
let draggedId: string | null = null;

const jobIds = (): string[] => useQueueUi.getState().queue?.jobs.map((j) => j.jobId) ?? [];

function step(jobId: string, by: -1 | 1): void {
  const move = stepMove(jobIds(), jobId, by);
  if (move) void moveJob(jobId, move.beforeJobId);
}

const lowerHalf = (e: DragEvent<HTMLElement>): boolean => {
  const box = e.currentTarget.getBoundingClientRect();
  return e.clientY > box.top + box.height / 2;
};

/**
 * One job of the queue: file, plate, copies, where, rule, priority, why it waits; its copies when
 * opened. Memoised: a refetch keeps unchanged jobs' objects, so only changed rows render.
 */
export const QueueRow = memo(function QueueRow({
  job,
  position,
  isFirst,
  isLast,
}: {
  job: QueueJobView;
  position: number;
  isFirst: boolean;
  isLast: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [dropAt, setDropAt] = useState<'before' | 'after' | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const phase = jobPhase(job);
  const badge = PHASE_BADGE[phase];
  const actions = jobActions(job);
  const later = notBeforeText(job.notBefore);
  const name = job.fileName;

  const onDragOver = (e: DragEvent<HTMLDivElement>) => {
    if (!e.dataTransfer.types.includes(JOB_TYPE) || draggedId === job.jobId) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    setDropAt(lowerHalf(e) ? 'after' : 'before');
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    setDropAt(null);
    const dragged = e.dataTransfer.getData(JOB_TYPE) || draggedId;
    if (!dragged) return;
    e.preventDefault();
    const move = dropMove(jobIds(), dragged, job.jobId, lowerHalf(e));
    if (move) void moveJob(dragged, move.beforeJobId);
  };

  return (
    <div
      className={`queue-row phase-${phase}${dropAt ? ` drop-${dropAt}` : ''}`}
      data-testid="queue-job"
      data-job-id={job.jobId}
      data-file-name={name}
      data-state={phase}
      draggable
      onDragStart={(e) => {
        draggedId = job.jobId;
        e.dataTransfer.setData(JOB_TYPE, job.jobId);
        e.dataTransfer.effectAllowed = 'move';
      }}
      onDragEnd={() => {
        draggedId = null;
      }}
      onDragOver={onDragOver}
      onDragLeave={() => setDropAt(null)}
      onDrop={onDrop}
    >
      <div className="queue-main">
        <span className="drag-handle" aria-hidden="true" title="Drag to reorder">
          ⠿
        </span>
        <span className="queue-pos muted small">{position}</span>
        <div className="queue-what">
          <div className="queue-title">
            <strong title={name}>{name}</strong>
            <span className="muted small">plate {job.plate}</span>
            <span className={`badge tone-${badge.tone}`}>
              <span className="dot" aria-hidden="true" />
              {badge.label}
            </span>
          </div>
          <div className="queue-progress">
            <ProgressBar percent={donePercent(job.counts)} tone="ok" />
            <span className="small" data-testid="queue-counts">
              {countsText(job.counts)}
            </span>
          </div>
          <div className="muted small" data-testid="queue-meta">
            on <TargetText target={job.target} /> · {ruleLabel(job.filamentRule).toLowerCase()} ·
            priority {priorityText(job.priority)}
            {later && <> · {later}</>} · on failure {job.onFailure === 'hold' ? 'hold' : 'requeue'}
          </div>
          {job.waiting && (
            <div className="small warn-text" data-testid="queue-waiting">
              {job.waiting}
            </div>
          )}
        </div>
        <div className="queue-actions">
          <button
            className="ghost"
            aria-label={`Move ${name} up`}
            disabled={isFirst}
            onClick={() => step(job.jobId, -1)}
          >
            ↑
          </button>
          <button
            className="ghost"
            aria-label={`Move ${name} down`}
            disabled={isLast}
            onClick={() => step(job.jobId, 1)}
          >
            ↓
          </button>
          <button aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? 'Hide copies' : 'Copies'}
          </button>
          {actions.requeue && <button onClick={() => void requeueJob(job.jobId)}>Requeue</button>}
          {actions.cancel &&
            (confirmCancel ? (
              <span className="confirm">
                <button className="danger" onClick={() => void cancelJob(job.jobId)}>
                  Cancel copies
                </button>
                <button onClick={() => setConfirmCancel(false)}>Keep</button>
              </span>
            ) : (
              <button className="danger-outline" onClick={() => setConfirmCancel(true)}>
                Cancel…
              </button>
            ))}
          {actions.remove && (
            <button className="ghost" onClick={() => void removeJob(job.jobId)}>
              Remove
            </button>
          )}
        </div>
      </div>
      {open && <QueueCopies copies={job.copies} />}
    </div>
  );
});
