import { create } from 'zustand';
import type { GridQuery, SortKey, StatusFilter } from '../lib/grid-query.ts';

/** What the user is looking at: grid query, the selected printer, the open dialog. Never engine data. */
export interface UiState extends GridQuery {
  selectedId: string | null;
  /** Add a printer (null id) or edit one; null when no dialog is open. */
  dialog: { kind: 'add' } | { kind: 'edit'; id: string } | null;
}

export const useUiStore = create<UiState>()(() => ({
  filter: 'all',
  search: '',
  sort: 'name',
  selectedId: null,
  dialog: null,
}));

export const setFilter = (filter: StatusFilter) => useUiStore.setState({ filter });
export const setSearch = (search: string) => useUiStore.setState({ search });
export const setSort = (sort: SortKey) => useUiStore.setState({ sort });
export const selectPrinter = (selectedId: string | null) => useUiStore.setState({ selectedId });
export const openDialog = (dialog: UiState['dialog']) => useUiStore.setState({ dialog });
