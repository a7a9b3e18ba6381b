import type { Locator, Page } from '@playwright/test';
import { FarmPage } from './farm-page.ts';

/** The queue on printer cards and in the detail: bed prompt, groups, queue filters. */
export class PrinterQueuePage extends FarmPage {
  constructor(page: Page) {
    super(page);
  }

  /** The card's queue line (its `data-bed` is the bed state). */
  queueLine(name: string): Locator {
    return this.card(name).getByTestId('card-queue');
  }

  bedPrompt(name: string): Locator {
    return this.card(name).getByTestId('bed-prompt');
  }

  bedState(name: string): Locator {
    return this.card(name).getByTestId('bed-state');
  }

  async confirmBed(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Confirm the bed of ${name} is clear` }).click();
  }

  cardTags(name: string): Locator {
    return this.card(name).getByTestId('tag-chip');
  }

  /** In the open detail: adds the printer to a group by typing its name. */
  async addGroup(group: string): Promise<void> {
    const panel = this.page.getByRole('region', { name: 'Queue' });
    await panel.getByLabel('Add to group').fill(group);
    await panel.getByRole('button', { name: 'Add to group' }).click();
  }

  detailTags(): Locator {
    return this.page.getByRole('region', { name: 'Queue' }).getByTestId('tag-chip');
  }

  /** The bed-check waiver checkbox of the open detail. */
  waiver(): Locator {
    return this.page.getByTestId('bed-waiver');
  }

  waitingFilter(): Locator {
    return this.page.getByTestId('filter-waiting');
  }

  groupFilter(group: string): Locator {
    return this.page.locator(`[data-testid="filter-group"][data-group="${group}"]`);
  }

  async visibleNames(): Promise<string[]> {
    const cards = await this.cards().all();
    return Promise.all(cards.map(async (c) => (await c.getAttribute('data-printer-name')) ?? ''));
  }
}
