import { QueuePage } from './pages/queue-page.ts';
import { expect, test } from './farm-fixture.ts';

test('without a farm database the Queue view says why there is no queue', async ({ farmPage }) => {
  const page = farmPage.page;
  const queue = new QueuePage(page);
  await queue.show();
  await expect(page.getByTestId('queue-unavailable')).toContainText('needs the farm database');
  await expect(page.getByTestId('queue-pause')).toHaveCount(0);
});
