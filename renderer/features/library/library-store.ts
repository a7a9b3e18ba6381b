import { create } from 'zustand';
import { deleteLibraryFile, fetchLibrary } from '../history/records-client.ts';
import type { LibraryFile, LibraryUsage } from '../history/record-types.ts';

/** The Library view's slice: search text, the files found, disk usage, and the last error. */
export interface LibraryUi {
  search: string;
  files: LibraryFile[];
  usage: LibraryUsage | null;
  loading: boolean;
  error: string | null;
}

export const useLibraryUi = create<LibraryUi>()(() => ({
  search: '',
  files: [],
  usage: null,
  loading: false,
  error: null,
}));

let loadSeq = 0;

export async function loadLibrary(): Promise<void> {
  const mine = ++loadSeq;
  useLibraryUi.setState({ loading: true });
  const result = await fetchLibrary(useLibraryUi.getState().search.trim());
  if (mine !== loadSeq) return;
  useLibraryUi.setState(
    result.ok
      ? { ...result.value, loading: false, error: null }
      : { loading: false, error: result.error.message },
  );
}

export function setLibrarySearch(search: string): void {
  useLibraryUi.setState({ search });
  void loadLibrary();
}

/** Deletes a file from the library; the error, if any, is shown and the list kept. */
export async function removeLibraryFile(id: string): Promise<void> {
  const result = await deleteLibraryFile(id);
  if (!result.ok) {
    useLibraryUi.setState({ error: result.error.message });
    return;
  }
  useLibraryUi.setState((s) => ({ files: s.files.filter((f) => f.id !== id) }));
  void loadLibrary();
}
