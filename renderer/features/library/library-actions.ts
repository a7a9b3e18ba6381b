import { openStagedFile } from '../print/print-store.ts';
import { recordTitle } from '../history/record-format.ts';
import { stageLibraryFile } from '../history/records-client.ts';
import type { JobRecord, LibraryFile } from '../history/record-types.ts';

/** Opens the print dialog on a library file (the user picks the printers). */
export const printFromLibrary = (file: LibraryFile): Promise<void> =>
  openStagedFile(file.name, () => stageLibraryFile(file.id));

/** Opens the print dialog on a past job's file, with its printer already picked. */
export function printAgain(record: JobRecord): Promise<void> {
  const id = record.libraryFileId;
  if (id === null) return Promise.resolve();
  return openStagedFile(recordTitle(record), () => stageLibraryFile(id), [record.printerId]);
}
