import { create } from 'zustand';
import type { PrintJobView, StagedFile } from '../../../shared/contract/print-schemas.ts';
import type { Result } from '../../../shared/contract/result.ts';
import { request, subscribe } from '../../bridge/farm-client.ts';
import { useLinkStore } from '../../store/link-store.ts';
import { stageFile } from './stage-file.ts';

/** What the print dialog shows: the file being read, the file's refusal, or the file ready to print. */
export type PrintDialog =
  | { phase: 'staging'; name: string; percent: number }
  | { phase: 'refused'; name: string; message: string }
  | { phase: 'ready'; file: StagedFile; preselected: readonly string[] };

export interface PrintUi {
  dialog: PrintDialog | null;
  /** Print jobs by id, as the engine reports them. */
  jobs: Record<string, PrintJobView>;
  /** Cards picked as drop targets ("a selection of cards"). */
  picked: readonly string[];
  /** A file is being dragged over the window. */
  dragging: boolean;
}

export const usePrintUi = create<PrintUi>()(() => ({
  dialog: null,
  jobs: {},
  picked: [],
  dragging: false,
}));

export const closePrintDialog = () => usePrintUi.setState({ dialog: null });
export const setDragging = (dragging: boolean) => usePrintUi.setState({ dragging });

/** Adds a card to the selection of drop targets, or takes it out. */
export function togglePicked(id: string): void {
  const picked = usePrintUi.getState().picked;
  usePrintUi.setState({
    picked: picked.includes(id) ? picked.filter((p) => p !== id) : [...picked, id],
  });
}

let staging = 0;

/**
 * Opens the print dialog on a dropped file. `onCard`: the card it was dropped on (its printer,
 * or the whole selection when that card is part of it); none: the user picks printers.
 */
export async function dropFile(file: File, onCard: string | null): Promise<void> {
  const picked = usePrintUi.getState().picked;
  const preselected = onCard === null ? [] : picked.includes(onCard) ? picked : [onCard];
  const mine = ++staging;
  usePrintUi.setState({ dialog: { phase: 'staging', name: file.name, percent: 0 } });
  const result = await stageFile(file, (percent) => {
    if (staging === mine && usePrintUi.getState().dialog?.phase === 'staging') {
      usePrintUi.setState({ dialog: { phase: 'staging', name: file.name, percent } });
    }
  });
  if (staging !== mine || usePrintUi.getState().dialog === null) return;
  usePrintUi.setState({
    dialog: result.ok
      ? { phase: 'ready', file: result.value, preselected }
      : { phase: 'refused', name: file.name, message: result.error.message },
  });
}

/**
 * Opens the print dialog on a file the engine already holds (the library's "Print…" and "Print again"):
 * `stage` makes it a staged file; a refusal shows in the dialog with its reason.
 */
export async function openStagedFile(
  name: string,
  stage: () => Promise<Result<StagedFile>>,
  preselected: readonly string[] = [],
): Promise<void> {
  const mine = ++staging;
  usePrintUi.setState({ dialog: { phase: 'staging', name, percent: 0 } });
  const result = await stage();
  if (staging !== mine || usePrintUi.getState().dialog === null) return;
  usePrintUi.setState({
    dialog: result.ok
      ? { phase: 'ready', file: result.value, preselected }
      : { phase: 'refused', name, message: result.error.message },
  });
}

function putJob(job: PrintJobView): void {
  usePrintUi.setState((s) => ({ jobs: { ...s.jobs, [job.jobId]: job } }));
}

/** Adds a job the engine just accepted (its events follow). */
export const trackJob = putJob;

/** Forgets a job in the engine and here. */
export async function dismissJob(jobId: string): Promise<void> {
  await request('print:dismiss', jobId);
  usePrintUi.setState((s) => {
    const jobs = { ...s.jobs };
    delete jobs[jobId];
    return { jobs };
  });
}

async function loadJobs(): Promise<void> {
  const result = await request('print:list-jobs');
  if (result.ok) {
    usePrintUi.setState({ jobs: Object.fromEntries(result.value.map((j) => [j.jobId, j])) });
  }
}

/** Follows print jobs; call once after `startFarmClient()`. */
export function startPrintClient(): void {
  subscribe('print-job:changed', putJob);
  useLinkStore.subscribe((link, prev) => {
    if (link.status === 'open' && prev.status !== 'open') void loadJobs();
  });
  if (useLinkStore.getState().status === 'open') void loadJobs();
}
