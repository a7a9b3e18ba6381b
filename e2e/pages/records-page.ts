import { expect, type Locator, type Page } from '@playwright/test';

/** Locators and actions of the History, Library and Statistics views. */
export class RecordsPage {
  constructor(readonly page: Page) {}

  async show(view: 'farm' | 'history' | 'library' | 'statistics'): Promise<void> {
    await this.page.getByTestId(`view-${view}`).click();
    if (view !== 'farm') await expect(this.page.getByTestId(`${view}-view`)).toBeVisible();
  }

  historyRows(): Locator {
    return this.page.getByTestId('history-view').getByTestId('history-row');
  }

  historyRow(file: string): Locator {
    return this.page.locator(`[data-testid="history-row"][data-file="${file}"]`);
  }

  async filterResult(label: string): Promise<void> {
    await this.page.getByTestId('history-view').getByLabel('Result').selectOption({ label });
  }

  libraryFile(name: string): Locator {
    return this.page.locator(`[data-testid="library-file"][data-file-name="${name}"]`);
  }

  tile(name: 'jobs' | 'success' | 'hours' | 'failed' | 'filament'): Locator {
    return this.page.getByTestId(`stat-${name}`);
  }

  chart(name: 'jobs' | 'success' | 'hours' | 'filament' | 'failures'): Locator {
    return this.page.getByTestId(`chart-${name}`);
  }
}
