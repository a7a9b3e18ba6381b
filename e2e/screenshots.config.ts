import { defineConfig } from '@playwright/test';
import base from './playwright.config.ts';

/** `npx playwright test -c e2e/screenshots.config.ts`: refreshes docs/screenshots from the demo farm. */
export default defineConfig({
  ...base,
  testMatch: /screenshots\.spec\.ts$/,
  testIgnore: [],
  timeout: 180_000,
});
