import { expect, type Locator, type Page } from '@playwright/test';

/** Locators and actions of the Queue view and the "Add to queue" form. */
export class QueuePage {
  constructor(readonly page: Page) {}

  async show(): Promise<void> {
    await this.page.getByTestId('view-queue').click();
    await expect(this.page.getByTestId('queue-view')).toBeVisible();
  }

  jobs(): Locator {
    return this.page.getByTestId('queue-view').getByTestId('queue-job');
  }

  job(fileName: string): Locator {
    return this.page.locator(`[data-testid="queue-job"][data-file-name="${fileName}"]`);
  }

  /** File names of the rows, top to bottom. */
  async order(): Promise<(string | null)[]> {
    const rows = await this.jobs().all();
    return Promise.all(rows.map((row) => row.getAttribute('data-file-name')));
  }

  /** The form inside the print dialog or the library's "Add to the queue" dialog. */
  form(): Locator {
    return this.page.getByRole('form', { name: 'Add to queue' });
  }

  /** Fills the form (copies, filament rule) and submits it. */
  async add(opts: { copies: number; rule: RegExp }): Promise<void> {
    const form = this.form();
    await form.getByLabel('Copies').fill(String(opts.copies));
    await form.getByRole('radio', { name: opts.rule }).check();
    await form.getByRole('button', { name: /to the queue$/ }).click();
  }

  /** Drags one row onto the upper part of another (it lands before it). */
  async dragBefore(dragged: Locator, target: Locator): Promise<void> {
    await dragged.dragTo(target, { targetPosition: { x: 120, y: 4 } });
  }
}
