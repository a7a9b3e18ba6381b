import { create } from 'zustand';
import type { GridQuery, SortKey, StatusFilter } from '../lib/grid-query.ts';

/** The app's top-level views: the live farm, its job queue, and the farm's memory (history, library, statistics). */
export type AppView = 'farm' | 'queue' | 'history' | 'library' | 'statistics';

/** What the user is looking at: view, grid query, the selected printer, the open dialog. Never engine data. */
export interface UiState extends Required<GridQuery> {
  view: AppView;
  selectedId: string | null;
  /** Add a printer (null id) or edit one; null when no dialog is open. */
  dialog: { kind: 'add' } | { kind: 'edit'; id: string } | null;
}

export const useUiStore = create<UiState>()(() => ({
  view: 'farm',
  filter: 'all',
  search: '',
  sort: 'name',
  waiting: false,
  group: null,
  selectedId: null,
  dialog: null,
}));

export const setFilter = (filter: StatusFilter) => useUiStore.setState({ filter });
export const setSearch = (search: string) => useUiStore.setState({ search });
export const setSort = (sort: SortKey) => useUiStore.setState({ sort });
export const setWaitingFilter = (waiting: boolean) => useUiStore.setState({ waiting });
/** Shows one group's printers; the same group again (or null) shows every group. */
export const toggleGroupFilter = (group: string | null) =>
  useUiStore.setState((s) => ({ group: group === null || s.group === group ? null : group }));
/** Opens a printer's detail (on the farm view), or goes back to the grid with null. */
export const selectPrinter = (selectedId: string | null) =>
  useUiStore.setState(selectedId === null ? { selectedId } : { selectedId, view: 'farm' });
export const showView = (view: AppView) => useUiStore.setState({ view });
export const openDialog = (dialog: UiState['dialog']) => useUiStore.setState({ dialog });
