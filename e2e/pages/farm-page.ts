import { expect, type Locator, type Page } from '@playwright/test';

/** Locators and actions of the Farmdeck UI; specs use these instead of selectors. */
export class FarmPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.locator('body')).toHaveAttribute('data-app-state', 'ready');
  }

  card(name: string): Locator {
    return this.page.locator(`[data-testid="printer-card"][data-printer-name="${name}"]`);
  }

  cards(): Locator {
    return this.page.getByTestId('printer-card');
  }

  status(name: string): Locator {
    return this.card(name).getByTestId('status');
  }

  progress(name: string): Locator {
    return this.card(name).getByTestId('progress');
  }

  nozzleTemp(name: string): Locator {
    return this.card(name).getByTestId('nozzle-temp');
  }

  async openPrinter(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Open ${name}` }).click();
    await expect(this.page.getByTestId('printer-detail')).toBeVisible();
  }

  async backToFarm(): Promise<void> {
    await this.page.getByRole('button', { name: 'Back to the farm' }).click();
  }

  detailStatus(): Locator {
    return this.page.getByTestId('printer-detail').getByTestId('status');
  }

  control(name: string): Locator {
    return this.page
      .getByRole('region', { name: 'Controls' })
      .getByRole('button', { name, exact: true });
  }

  commandMessage(): Locator {
    return this.page.getByTestId('command-message');
  }

  /** Fills the add dialog. `trust` picks the certificate check; 'custom-ca' pastes `caPem`. */
  async fillAddForm(d: {
    name: string;
    host: string;
    port: number;
    serial: string;
    accessCode: string;
    caPem?: string;
  }): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Add printer' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Add printer' });
    await dialog.getByLabel('Name', { exact: true }).fill(d.name);
    await dialog.getByLabel('IP address or host name').fill(d.host);
    await dialog.getByLabel('MQTT port').fill(String(d.port));
    await dialog.getByLabel('Serial number').fill(d.serial);
    await dialog.getByLabel('LAN access code').fill(d.accessCode);
    if (d.caPem) {
      await dialog.getByLabel('Certificate check').selectOption('custom-ca');
      await dialog.getByLabel('CA certificate (PEM)').fill(d.caPem);
    } else {
      await dialog.getByLabel('Certificate check').selectOption('skip-verification');
    }
    return dialog;
  }

  check(dialog: Locator, check: 'mqtt-login' | 'status-report' | 'control'): Locator {
    return dialog.locator(`[data-check="${check}"]`);
  }

  async filter(
    key: 'all' | 'printing' | 'paused' | 'attention' | 'idle' | 'offline',
  ): Promise<void> {
    await this.page.getByTestId(`filter-${key}`).click();
  }

  /** The camera tile of a printer's card. */
  cardCamera(name: string): Locator {
    return this.card(name).getByTestId('camera-tile');
  }

  /** The large camera view of the open printer detail. */
  detailCamera(): Locator {
    return this.page.getByTestId('printer-detail').getByTestId('camera-tile');
  }

  /** The camera wall's tile of a printer. */
  wallCamera(name: string): Locator {
    return this.page.getByRole('figure', { name: `${name} camera` }).getByTestId('camera-tile');
  }

  async scrollDetailToTop(): Promise<void> {
    await this.page.getByRole('button', { name: 'Back to the farm' }).scrollIntoViewIfNeeded();
  }

  async openCameraWall(): Promise<void> {
    await this.page.getByTestId('open-camera-wall').click();
    await expect(this.page.getByTestId('camera-wall')).toBeVisible();
  }

  /** Frames a camera tile has drawn so far. */
  async cameraFrames(tile: Locator): Promise<number> {
    return Number((await tile.getAttribute('data-frames')) ?? '0');
  }

  /** The picture a JPEG camera tile shows now, as a data URL. */
  cameraPicture(tile: Locator): Promise<string> {
    return tile
      .locator('canvas')
      .evaluate((c) => (c as unknown as { toDataURL(): string }).toDataURL());
  }

  /** True when the page's Content-Security-Policy meta tag lets `<video>` play blob: sources. */
  async pageAllowsBlobMedia(): Promise<boolean> {
    const csp = await this.page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    return /media-src[^;]*blob:/.test(csp ?? '');
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search printers' }).fill(text);
  }
}
