/**
 * Vitest setup file of both projects: an unhandled promise rejection or an uncaught exception during
 * a test file fails the test it happened in (or the file's last hook), naming what was thrown. A
 * rejection nobody awaits is a bug even when the assertions pass.
 */
import { afterAll, afterEach } from 'vitest';

const seen: string[] = [];

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}\n${err.stack ?? ''}`;
  return String(err);
}

const onRejection = (reason: unknown) => seen.push(`unhandled rejection: ${describe(reason)}`);
const onException = (err: unknown) => seen.push(`uncaught exception: ${describe(err)}`);
process.on('unhandledRejection', onRejection);
process.on('uncaughtException', onException);

async function check(): Promise<void> {
  // Rejections are reported once the microtask queue drains: give them a turn.
  await new Promise((resolve) => setImmediate(resolve));
  if (seen.length === 0) return;
  const found = seen.splice(0);
  throw new Error(`${found.length} unhandled error(s) during this test:\n${found.join('\n')}`);
}

afterEach(check);
afterAll(async () => {
  try {
    await check();
  } finally {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
});
