import type {
  HistoryRecord,
  LibraryFileSummary,
} from '../../../shared/contract/records-schemas.ts';
import { request } from '../../bridge/farm-client.ts';
import { recordTitle } from '../history/record-format.ts';
import { openStagedFile } from '../print/print-store.ts';

/** Opens the print dialog on a library file (the user picks the printers). */
export const printFromLibrary = (file: LibraryFileSummary): Promise<void> =>
  openStagedFile(file.name, () => request('library:print', file.fileId));

/** Opens the print dialog on a past job's file, with its printer already picked. */
export function printAgain(record: HistoryRecord): Promise<void> {
  const id = record.libraryFileId;
  if (id === null) return Promise.resolve();
  return openStagedFile(recordTitle(record), () => request('library:print', id), [
    record.printerId,
  ]);
}
