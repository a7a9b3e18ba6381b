import { create } from 'zustand';
import type { LibraryFileSummary } from '../../../shared/contract/records-schemas.ts';
import { request } from '../../bridge/farm-client.ts';

export type LibrarySort = 'recent' | 'name' | 'most-printed';

/** The Library view's slice: search, sort, the files found, disk usage, and the last error. */
export interface LibraryUi {
  search: string;
  sort: LibrarySort;
  files: LibraryFileSummary[];
  total: number;
  usage: { usedBytes: number; capBytes: number } | null;
  loading: boolean;
  error: string | null;
}

export const useLibraryUi = create<LibraryUi>()(() => ({
  search: '',
  sort: 'recent',
  files: [],
  total: 0,
  usage: null,
  loading: false,
  error: null,
}));

const LIMIT = 200;
let loadSeq = 0;

export async function loadLibrary(): Promise<void> {
  const mine = ++loadSeq;
  const { search, sort } = useLibraryUi.getState();
  useLibraryUi.setState({ loading: true });
  const text = search.trim();
  const result = await request('library:list', { sort, limit: LIMIT, ...(text ? { text } : {}) });
  if (mine !== loadSeq) return;
  useLibraryUi.setState(
    result.ok
      ? {
          files: result.value.files,
          total: result.value.total,
          usage: { usedBytes: result.value.usedBytes, capBytes: result.value.capBytes },
          loading: false,
          error: null,
        }
      : { loading: false, error: result.error.message },
  );
}

export function setLibraryQuery(patch: Partial<Pick<LibraryUi, 'search' | 'sort'>>): void {
  useLibraryUi.setState(patch);
  void loadLibrary();
}

/** Deletes a file from the library; an error is shown and the list kept. */
export async function removeLibraryFile(fileId: string): Promise<void> {
  const result = await request('library:delete', fileId);
  if (!result.ok) {
    useLibraryUi.setState({ error: result.error.message });
    return;
  }
  useLibraryUi.setState((s) => ({ files: s.files.filter((f) => f.fileId !== fileId) }));
  void loadLibrary();
}
