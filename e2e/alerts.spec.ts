import { startAlertReceiver, type AlertReceiver } from '../test/support/alert-receiver.ts';
import { expect, test } from './farm-fixture.ts';

const HOOK_SECRET = 'e2e-hook-S3CRET';
const NTFY_TOKEN = 'tk_e2e-S3CRET';

let receiver: AlertReceiver;
test.beforeEach(async () => {
  receiver = await startAlertReceiver();
});
test.afterEach(async () => {
  await receiver.close();
});

test('alerts in settings: fill, save, send tests to a loopback receiver, never show the secrets', async ({
  farm,
  farmPage,
}) => {
  const page = farmPage.page;
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const alerts = dialog.getByRole('region', { name: 'Alerts' });

  // Webhook: URL, kinds, save.
  await alerts.getByTestId('alert-webhook-enabled').check();
  await alerts.getByTestId('alert-webhook-url').fill(`${receiver.origin}/hook/${HOOK_SECRET}`);
  await alerts.getByTestId('alert-webhook-kind-print-finished').uncheck();
  await alerts.getByTestId('alerts-save').click();
  await expect(alerts.getByText('Saved', { exact: true })).toBeVisible();
  const url = alerts.getByTestId('alert-webhook-url');
  await expect(url).toHaveValue('');
  await expect(url).toHaveAttribute('placeholder', new RegExp(`saved \\(${receiver.origin}/…\\)`));
  const saved = await farm.engine.handlers()['alerts:get']();
  expect(saved.webhook.kinds).not.toContain('print-finished');
  expect(saved.webhook.kinds).toContain('queue-empty');

  // Send test: the receiver gets it, the result shows.
  await alerts.getByTestId('alert-webhook-test').click();
  await expect(alerts.getByTestId('alert-webhook-result')).toHaveText(
    'Sent: the webhook answered 200',
  );
  const hook = await receiver.waitFor((r) => r.path === `/hook/${HOOK_SECRET}`);
  expect(JSON.parse(hook.body)).toMatchObject({ event: 'test', printer: null });

  // The endpoint now refuses: the result says what to fix.
  receiver.answer(`/hook/${HOOK_SECRET}`, 404);
  await alerts.getByTestId('alert-webhook-test').click();
  await expect(alerts.getByTestId('alert-webhook-result')).toHaveText(
    'Not sent: the webhook answered 404: check the URL',
  );

  // ntfy: unsaved changes are saved by "Send test" before it sends.
  await alerts.getByTestId('alert-ntfy-enabled').check();
  await alerts.getByTestId('alert-ntfy-server').fill(`${receiver.origin}/ntfy`);
  await alerts.getByTestId('alert-ntfy-topic').fill('farm_e2e');
  await alerts.getByTestId('alert-ntfy-token').fill(NTFY_TOKEN);
  await alerts.getByTestId('alert-ntfy-test').click();
  await expect(alerts.getByTestId('alert-ntfy-result')).toHaveText(
    'Sent: the ntfy server answered 200',
  );
  const push = await receiver.waitFor((r) => r.path === '/ntfy/farm_e2e');
  expect(push.headers.authorization).toBe(`Bearer ${NTFY_TOKEN}`);
  expect(push.headers.title).toBe('Farmdeck test alert');
  await expect(alerts.getByTestId('alert-ntfy-token')).toHaveAttribute(
    'placeholder',
    'saved: leave empty to keep it',
  );

  // A URL that is not http(s) is refused with a message.
  await alerts.getByTestId('alert-webhook-url').fill('ftp://files.example.com/drop');
  await alerts.getByTestId('alerts-save').click();
  await expect(alerts.getByTestId('alerts-error')).toContainText(
    'must start with http:// or https://',
  );

  // After a reload the settings are back, and no secret ever reached the page.
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  const again = page
    .getByRole('dialog', { name: 'Settings' })
    .getByRole('region', { name: 'Alerts' });
  await expect(again.getByTestId('alert-ntfy-topic')).toHaveValue('farm_e2e');
  await expect(again.getByTestId('alert-ntfy-result')).toHaveText(
    'Sent: the ntfy server answered 200',
  );
  const html = await page.content();
  expect(html).not.toContain(HOOK_SECRET);
  expect(html).not.toContain(NTFY_TOKEN);
});
