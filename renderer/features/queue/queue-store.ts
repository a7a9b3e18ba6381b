import { create } from 'zustand';
import type { QueueJobView, QueueView } from '../../../shared/contract/queue-schemas.ts';
import type { Result } from '../../../shared/contract/result.ts';
import { request, subscribe } from '../../bridge/farm-client.ts';
import { onReconnect } from '../history/records-status.tsx';
import { applyMove, breaksPriority, keepUnchanged } from './queue-order.ts';

/** The Queue view's slice: the queue as last fetched, and the last error of a load or an action. */
export interface QueueUi {
  queue: QueueView | null;
  loading: boolean;
  /** The last load failed (the engine's message). */
  loadError: string | null;
  /** The last action failed (the engine's message). */
  actionError: string | null;
  /** Something to know about the last action (not an error). */
  note: string | null;
}

export const useQueueUi = create<QueueUi>()(() => ({
  queue: null,
  loading: false,
  loadError: null,
  actionError: null,
  note: null,
}));

let loadSeq = 0;

/** Fetches `queue:get`; a later load wins over an earlier one still running. */
export async function loadQueue(): Promise<void> {
  const mine = ++loadSeq;
  useQueueUi.setState({ loading: true });
  const result = await request('queue:get');
  if (mine !== loadSeq) return;
  if (!result.ok) {
    useQueueUi.setState({ loading: false, loadError: result.error.message });
    return;
  }
  const prev = useQueueUi.getState().queue;
  const jobs = keepUnchanged(prev?.jobs ?? [], result.value.jobs);
  const same =
    prev !== null && jobs.length === prev.jobs.length && jobs.every((j, i) => j === prev.jobs[i]);
  useQueueUi.setState({
    queue: { ...result.value, jobs: same ? prev.jobs : jobs },
    loading: false,
    loadError: null,
  });
}

let reloadTimer: ReturnType<typeof setTimeout> | null = null;

/** Coalesces a burst of `queue:changed` events into one `queue:get`. */
export function scheduleQueueLoad(delayMs = 250): void {
  reloadTimer ??= setTimeout(() => {
    reloadTimer = null;
    void loadQueue();
  }, delayMs);
}

/** Follows the queue while the view is shown; returns the function that stops following. */
export function followQueue(): () => void {
  void loadQueue();
  const offChanged = subscribe('queue:changed', () => scheduleQueueLoad());
  const offReconnect = onReconnect(() => void loadQueue());
  return () => {
    offChanged();
    offReconnect();
    if (reloadTimer) clearTimeout(reloadTimer);
    reloadTimer = null;
  };
}

async function act<T>(run: () => Promise<Result<T>>): Promise<boolean> {
  const result = await run();
  useQueueUi.setState({ actionError: result.ok ? null : result.error.message });
  scheduleQueueLoad(0);
  return result.ok;
}

export const clearQueueError = () => useQueueUi.setState({ actionError: null, note: null });

/** Moves a job before another (null: to the end), shown at once; a refusal reloads the order. */
export function moveJob(jobId: string, beforeJobId: string | null): Promise<boolean> {
  const queue = useQueueUi.getState().queue;
  if (queue) {
    const jobs = applyMove(queue.jobs, (j: QueueJobView) => j.jobId, jobId, beforeJobId);
    const note = breaksPriority(jobs.map((j) => j.priority))
      ? 'Higher priorities go first: the job moved among the jobs of its own priority. Change its priority to move it past them.'
      : null;
    useQueueUi.setState({ queue: { ...queue, jobs }, note });
  }
  return act(() => request('queue:move', jobId, beforeJobId));
}

export const cancelJob = (jobId: string) => act(() => request('queue:cancel', jobId));
export const requeueJob = (jobId: string) => act(() => request('queue:requeue', jobId));
export const removeJob = (jobId: string) => act(() => request('queue:remove', jobId));
export const setQueuePaused = (paused: boolean) => act(() => request('queue:set-paused', paused));

/** The library file whose "Add to queue" dialog is open, or null. */
export const useLibraryQueueDialog = create<{ file: { fileId: string; name: string } | null }>()(
  () => ({ file: null }),
);
export const openLibraryQueue = (file: { fileId: string; name: string } | null) =>
  useLibraryQueueDialog.setState({ file });
