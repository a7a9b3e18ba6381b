import type { FarmLogger } from '../../../core/farm/ports.ts';
import type { EngineFace } from './engine-face.ts';

/** Longest wait for the engine to close at quit, ms: past it the app quits anyway (the OS closes sockets). */
export const QUIT_TIMEOUT_MS = 4_000;

/**
 * Closes the engine (every printer session, camera and upload), waiting at most `timeoutMs`. Resolves
 * true when it closed in time, false when the wait was cut short; never rejects.
 */
export async function closeWithin(
  engine: Pick<EngineFace, 'close'>,
  timeoutMs: number,
  logger: FarmLogger,
): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const closed = engine.close().then(
    () => true,
    (err: unknown) => {
      logger.warn(`closing the farm failed: ${err instanceof Error ? err.message : String(err)}`);
      return true;
    },
  );
  const inTime = await Promise.race([closed, timeout]);
  clearTimeout(timer);
  if (!inTime) {
    logger.warn(`the farm did not close within ${timeoutMs / 1000} s: quitting anyway`);
  }
  return inTime;
}

/** Waits for `promise` at most `ms`; never rejects and leaves no timer behind. */
export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    promise.catch(() => {}),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
