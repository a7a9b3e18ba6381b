import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { JSHandle, Locator, Page } from '@playwright/test';

/** Locators and actions of drag-and-drop printing and the files on a printer. */
export class PrintPage {
  constructor(readonly page: Page) {}

  /** Drags the file at `path` from the desktop and drops it on `target` (a card, or the page). */
  async dropFile(target: Locator, path: string): Promise<void> {
    const transfer = await this.fileTransfer(path);
    await target.dispatchEvent('dragenter', { dataTransfer: transfer });
    await target.dispatchEvent('dragover', { dataTransfer: transfer });
    await target.dispatchEvent('drop', { dataTransfer: transfer });
    await transfer.dispose();
  }

  /** Ticks a card's "select for printing" box. */
  async pick(cardName: string): Promise<void> {
    await this.page.getByRole('checkbox', { name: `Select ${cardName} for printing` }).check();
  }

  dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Print a file' });
  }

  plate(index: number): Locator {
    return this.dialog().getByRole('radio', { name: `Plate ${index}` });
  }

  targetBox(printerName: string): Locator {
    return this.dialog().getByRole('checkbox', { name: `Print on ${printerName}` });
  }

  notOffered(): Locator {
    return this.dialog().getByTestId('print-target-refused');
  }

  refusal(): Locator {
    return this.dialog().getByTestId('print-refused');
  }

  /** One printer's line in the print jobs panel (its phase is in `data-phase`). */
  jobTarget(printerName: string): Locator {
    return this.page
      .getByRole('complementary', { name: 'Print jobs' })
      .locator(`[data-testid="print-target"][data-printer-name="${printerName}"]`)
      .first();
  }

  printerFile(name: string): Locator {
    return this.page
      .getByRole('region', { name: 'Files' })
      .locator(`[data-testid="printer-file"][data-file-name="${name}"]`);
  }

  /** A DataTransfer holding the file, built in the page (as the OS hands a dragged file over). */
  private fileTransfer(path: string): Promise<JSHandle> {
    const b64 = readFileSync(path).toString('base64');
    const name = JSON.stringify(basename(path));
    // A string expression: the page's DOM types are not part of the Node-side TypeScript program.
    return this.page.evaluateHandle(`(() => {
      const bin = atob(${JSON.stringify(b64)});
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], ${name}, { type: 'application/octet-stream' }));
      return dt;
    })()`);
  }
}
