import type { PrinterView } from '../../shared/contract/farm-schemas.ts';
import { waitingForPerson } from './bed-state.ts';
import { displayStatus, needsAttention, type DisplayStatus } from './display-status.ts';

/** Status chips of the grid. */
export type StatusFilter = 'all' | 'printing' | 'paused' | 'attention' | 'idle' | 'offline';
export type SortKey = 'name' | 'status' | 'finish' | 'progress';

export interface GridQuery {
  filter: StatusFilter;
  /** Matches name, model and serial, case-insensitive. */
  search: string;
  sort: SortKey;
  /** Only printers waiting for a person (bed to confirm, or an exclusion a person fixes). */
  waiting?: boolean;
  /** Only printers in this group (tag); null or absent: any. */
  group?: string | null;
}

export const STATUS_FILTERS: readonly { key: StatusFilter; label: string }[] = [
  { key: 'all', label: 'All' },
  { key: 'printing', label: 'Printing' },
  { key: 'paused', label: 'Paused' },
  { key: 'attention', label: 'Needs attention' },
  { key: 'idle', label: 'Idle' },
  { key: 'offline', label: 'Offline' },
];

export function matchesFilter(view: PrinterView, filter: StatusFilter): boolean {
  const s = displayStatus(view);
  switch (filter) {
    case 'all':
      return true;
    case 'printing':
      return s === 'printing' || s === 'preparing';
    case 'paused':
      return s === 'paused';
    case 'attention':
      return needsAttention(view);
    case 'idle':
      return s === 'idle' || s === 'finished';
    case 'offline':
      return s === 'offline' || s === 'connecting';
  }
}

/** The queue filters (waiting for a person, group), combined with the status chip and the search. */
export function matchesQueueFilters(view: PrinterView, query: GridQuery): boolean {
  if (query.waiting && !waitingForPerson(view)) return false;
  if (query.group && !(view.queue?.tags ?? []).includes(query.group)) return false;
  return true;
}

export function matchesSearch(view: PrinterView, search: string): boolean {
  const q = search.trim().toLowerCase();
  if (q === '') return true;
  return [view.name, view.state?.model ?? '', view.serial].some((f) => f.toLowerCase().includes(q));
}

const STATUS_ORDER: Record<DisplayStatus, number> = {
  failed: 0,
  'auth-failed': 1,
  'tls-untrusted': 2,
  paused: 3,
  printing: 4,
  preparing: 5,
  finished: 6,
  idle: 7,
  unknown: 8,
  connecting: 9,
  offline: 10,
};

function compare(a: PrinterView, b: PrinterView, sort: SortKey): number {
  switch (sort) {
    case 'name':
      return 0;
    case 'status':
      return STATUS_ORDER[displayStatus(a)] - STATUS_ORDER[displayStatus(b)];
    case 'finish': {
      // printers that finish soonest first; those not printing last
      const ra =
        displayStatus(a) === 'printing' ? (a.state?.remainingMinutes ?? Infinity) : Infinity;
      const rb =
        displayStatus(b) === 'printing' ? (b.state?.remainingMinutes ?? Infinity) : Infinity;
      return ra === rb ? 0 : ra < rb ? -1 : 1;
    }
    case 'progress':
      return (b.state?.progress ?? -1) - (a.state?.progress ?? -1);
  }
}

/** Ids to show, filtered, searched and sorted (ties by name, then id, so the order is stable). */
export function visiblePrinterIds(
  order: readonly string[],
  byId: Readonly<Record<string, PrinterView>>,
  query: GridQuery,
): string[] {
  const views: PrinterView[] = [];
  for (const id of order) {
    const view = byId[id];
    if (
      view &&
      matchesFilter(view, query.filter) &&
      matchesQueueFilters(view, query) &&
      matchesSearch(view, query.search)
    )
      views.push(view);
  }
  views.sort(
    (a, b) =>
      compare(a, b, query.sort) ||
      a.name.localeCompare(b.name, undefined, { numeric: true }) ||
      a.id.localeCompare(b.id),
  );
  return views.map((v) => v.id);
}

/** How many printers each chip would show. */
export function filterCounts(
  order: readonly string[],
  byId: Readonly<Record<string, PrinterView>>,
): Record<StatusFilter, number> {
  const counts: Record<StatusFilter, number> = {
    all: 0,
    printing: 0,
    paused: 0,
    attention: 0,
    idle: 0,
    offline: 0,
  };
  for (const id of order) {
    const view = byId[id];
    if (!view) continue;
    for (const { key } of STATUS_FILTERS) if (matchesFilter(view, key)) counts[key] += 1;
  }
  return counts;
}

/** Key of the "waiting for a person" count in `queueFilterCounts`; groups are `group:<name>`. */
export const WAITING_KEY = 'waiting';
export const groupKey = (group: string): string => `group:${group}`;

/**
 * How many printers the queue chips would show: `waiting`, and `group:<name>` per group in use.
 * A flat record of numbers, so a shallow comparison skips re-renders when no count changed.
 */
export function queueFilterCounts(
  order: readonly string[],
  byId: Readonly<Record<string, PrinterView>>,
): Record<string, number> {
  const counts: Record<string, number> = { [WAITING_KEY]: 0 };
  for (const id of order) {
    const view = byId[id];
    if (!view?.queue) continue;
    if (waitingForPerson(view)) counts[WAITING_KEY] = (counts[WAITING_KEY] ?? 0) + 1;
    for (const tag of view.queue.tags) counts[groupKey(tag)] = (counts[groupKey(tag)] ?? 0) + 1;
  }
  return counts;
}
