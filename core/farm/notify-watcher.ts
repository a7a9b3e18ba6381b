import type { PrinterView } from '../../shared/contract/farm-schemas.ts';
import type { NotifyKind } from '../../shared/contract/notify-schemas.ts';

/** A notification before it gets an id and a time. */
export interface NotifyDraft {
  kind: NotifyKind;
  /** null: about the farm, not one printer. */
  printerId: string | null;
  printerName: string | null;
  title: string;
  body: string;
}

interface Memo {
  gcodeState: string | null;
  hms: Set<string>;
  status: PrinterView['connection']['status'];
}

/** Job states a print can finish or fail from (a FINISH seen after IDLE is a stale report, not news). */
const ACTIVE = new Set(['PREPARE', 'SLICING', 'RUNNING', 'PAUSE']);
/** HMS severities worth a notification. */
const ALERTING = new Set(['fatal', 'serious', 'common', 'unknown']);

/**
 * Turns successive views of printers into the events a person wants to hear about: a print finished or
 * failed, a new HMS error, a printer that went offline. The first view of a printer is its baseline and
 * raises nothing, so starting the app (or adding a printer) does not replay old news.
 */
export class NotifyWatcher {
  private readonly memos = new Map<string, Memo>();

  /** Compares `view` with the previous view of the same printer. */
  observe(view: PrinterView): NotifyDraft[] {
    const state = view.state;
    const next: Memo = {
      gcodeState: state?.gcodeState ?? null,
      hms: new Set((state?.hms ?? []).filter((h) => ALERTING.has(h.severity)).map((h) => h.code)),
      status: view.connection.status,
    };
    const prev = this.memos.get(view.id);
    this.memos.set(
      view.id,
      prev && next.gcodeState === null ? { ...next, gcodeState: prev.gcodeState } : next,
    );
    if (!prev) return [];
    const drafts: NotifyDraft[] = [];
    const name = view.name;
    const draft = (kind: NotifyKind, title: string, body: string) =>
      drafts.push({ kind, printerId: view.id, printerName: name, title, body });
    const job = state?.jobName ? `"${state.jobName}"` : 'the job';
    const wasActive = prev.gcodeState !== null && ACTIVE.has(prev.gcodeState);
    if (wasActive && next.gcodeState === 'FINISH') {
      draft(
        'print-finished',
        `Print finished on ${name}`,
        `${job} is done: the plate can be removed.`,
      );
    }
    if (wasActive && next.gcodeState === 'FAILED') {
      const why = state?.printError ? `: ${state.printError.message}` : '';
      draft('print-failed', `Print failed on ${name}`, `${job} stopped${why}.`);
    }
    for (const entry of state?.hms ?? []) {
      if (next.hms.has(entry.code) && !prev.hms.has(entry.code)) {
        draft('hms-error', `New error on ${name}`, `${entry.message} (HMS ${entry.code})`);
      }
    }
    if (prev.status === 'online' && next.status === 'offline') {
      draft(
        'printer-offline',
        `${name} is offline`,
        'Farmdeck lost the connection: check that the printer is on and on the network.',
      );
    }
    return drafts;
  }

  /** Drops a removed printer. */
  forget(id: string): void {
    this.memos.delete(id);
  }
}
