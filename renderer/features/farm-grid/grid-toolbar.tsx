import { useShallow } from 'zustand/react/shallow';
import { filterCounts, STATUS_FILTERS, type SortKey } from '../../lib/grid-query.ts';
import { usePrintersStore } from '../../store/printers-store.ts';
import { setFilter, setSearch, setSort, useUiStore } from '../../store/ui-store.ts';
import { CameraToolbarButtons } from '../camera/camera-wall.tsx';
import { QueueFilterChips } from './queue-filter-chips.tsx';

const SORTS: readonly { key: SortKey; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'status', label: 'Status' },
  { key: 'finish', label: 'Finishing soonest' },
  { key: 'progress', label: 'Progress' },
];

/** Status chips with counts, queue chips (waiting for a person, groups), search and sort. */
export function GridToolbar() {
  const { filter, search, sort } = useUiStore(
    useShallow((s) => ({ filter: s.filter, search: s.search, sort: s.sort })),
  );
  const counts = usePrintersStore(useShallow((s) => filterCounts(s.order, s.byId)));
  return (
    <div className="toolbar">
      <div className="chips" role="group" aria-label="Filter by status">
        {STATUS_FILTERS.map((f) => (
          <button
            key={f.key}
            className={`chip${filter === f.key ? ' active' : ''}${f.key === 'attention' && counts.attention > 0 ? ' alert' : ''}`}
            aria-pressed={filter === f.key}
            onClick={() => setFilter(f.key)}
            data-testid={`filter-${f.key}`}
          >
            {f.label} <span className="count">{counts[f.key]}</span>
          </button>
        ))}
      </div>
      <QueueFilterChips />
      <div className="toolbar-right">
        <CameraToolbarButtons />
        <input
          type="search"
          className="search"
          placeholder="Search name, model, serial"
          aria-label="Search printers"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <label className="sort">
          <span className="muted small">Sort</span>
          <select
            value={sort}
            onChange={(e) => setSort(e.target.value as SortKey)}
            aria-label="Sort printers"
          >
            {SORTS.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
