import type { PrinterFile } from '../../shared/contract/print-schemas.ts';
import { FtpsClient } from '../ftps/ftps-client.ts';
import type { FtpsConnectOptions } from '../ftps/ftps-options.ts';

/** Folders where slicers and the printer keep sliced files (the root first). */
const FOLDERS = ['/', '/cache'];

const isPrintable = (name: string) => /\.(gcode\.)?3mf$/i.test(name) || /\.gcode$/i.test(name);
/** Upload leftovers (`.<random>.<name>.part`) and hidden files are not shown. */
const isShown = (name: string) => !name.startsWith('.');

/**
 * The sliced files on a printer's storage (the root and `/cache`), newest names first as the
 * printer lists them. A missing `/cache` is not an error.
 */
export async function listPrinterFiles(ftps: FtpsConnectOptions): Promise<PrinterFile[]> {
  const client = await FtpsClient.connect(ftps);
  try {
    const files: PrinterFile[] = [];
    for (const folder of FOLDERS) {
      const entries = await client.list(folder).catch((err: unknown) => {
        if (folder === '/') throw err;
        return [];
      });
      for (const e of entries) {
        if (e.isDirectory || !isShown(e.name)) continue;
        files.push({
          path: folder === '/' ? `/${e.name}` : `${folder}/${e.name}`,
          name: e.name,
          size: e.size,
          modified: e.modified,
          printable: isPrintable(e.name),
        });
      }
    }
    return files;
  } finally {
    client.close();
  }
}

/** Deletes one file from a printer's storage (FtpsError `not-found` when it is gone). */
export async function deletePrinterFile(ftps: FtpsConnectOptions, path: string): Promise<void> {
  const client = await FtpsClient.connect(ftps);
  try {
    await client.remove(path);
  } finally {
    client.close();
  }
}
