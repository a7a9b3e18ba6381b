import { useShallow } from 'zustand/react/shallow';
import { groupKey, queueFilterCounts, WAITING_KEY } from '../../lib/grid-query.ts';
import { useFarmHasQueue, usePrintersStore } from '../../store/printers-store.ts';
import { setWaitingFilter, toggleGroupFilter, useUiStore } from '../../store/ui-store.ts';

const groupsOf = (counts: Record<string, number>): string[] =>
  Object.keys(counts)
    .filter((k) => k.startsWith('group:'))
    .map((k) => k.slice('group:'.length))
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));

/** Queue chips with counts: printers waiting for a person, and one per group (tag). */
export function QueueFilterChips() {
  const hasQueue = useFarmHasQueue();
  const { waiting, group } = useUiStore(
    useShallow((s) => ({ waiting: s.waiting, group: s.group })),
  );
  const counts = usePrintersStore(useShallow((s) => queueFilterCounts(s.order, s.byId)));
  if (!hasQueue) return null;
  const groups = groupsOf(counts);
  // A chosen group nobody is in any more stays visible (count 0), so it can be switched off.
  if (group && !groups.includes(group)) groups.push(group);
  const waitingCount = counts[WAITING_KEY] ?? 0;
  return (
    <div className="chips" role="group" aria-label="Filter by queue">
      <button
        className={`chip${waiting ? ' active' : ''}${waitingCount > 0 ? ' alert' : ''}`}
        aria-pressed={waiting}
        onClick={() => setWaitingFilter(!waiting)}
        title="Beds to confirm, or printers the queue skips until a person fixes them (HMS error, Developer Mode off, missing filament)"
        data-testid="filter-waiting"
      >
        Waiting for a person <span className="count">{waitingCount}</span>
      </button>
      {groups.map((g) => (
        <button
          key={g}
          className={`chip group-chip${group === g ? ' active' : ''}`}
          aria-pressed={group === g}
          onClick={() => toggleGroupFilter(g)}
          data-testid="filter-group"
          data-group={g}
        >
          {g} <span className="count">{counts[groupKey(g)] ?? 0}</span>
        </button>
      ))}
    </div>
  );
}
