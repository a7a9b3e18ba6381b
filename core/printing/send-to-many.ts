import type { FtpsConnectOptions } from '../ftps/ftps-client.ts';
import { readThreeMf } from '../threemf/read-threemf.ts';
import type { PrintLink } from './await-job-start.ts';
import { describeError } from './print-error.ts';
import { sendAndPrint, type PrintPhase, type SendOptions, type SendResult } from './start-print.ts';

/** One printer of a farm send. */
export interface FarmTarget {
  /** Shown in results; usually the serial. */
  readonly id: string;
  readonly link: PrintLink;
  readonly ftps: FtpsConnectOptions;
  /** Per-printer AMS mapping (overrides the shared one), e.g. from the user's tray choice. */
  readonly amsMapping?: readonly number[] | 'auto';
}

/** Result for one printer; a failure never affects the others. */
export type FarmResult =
  | { readonly id: string; readonly ok: true; readonly result: SendResult }
  | { readonly id: string; readonly ok: false; readonly error: { code: string; message: string } };

/** Progress of one printer in a farm send. */
export type FarmProgress =
  { phase: 'queued' } | PrintPhase | { phase: 'failed'; error: { code: string; message: string } };

export interface SendToManyOptions extends Omit<SendOptions, 'info' | 'onProgress' | 'amsMapping'> {
  /** Shared mapping (default `auto`: proposed per printer from its AMS). */
  amsMapping?: readonly number[] | 'auto';
  /** Uploads at once (default 3): each printer is slow, the local network is not. */
  concurrency?: number;
  onProgress?: (id: string, p: FarmProgress) => void;
}

/**
 * Sends one sliced file to many printers with bounded concurrency. The file is read once;
 * every printer gets its own upload, start and result, and one printer's failure (unreachable,
 * full card, busy, refused) never stops the others. Results are in `targets` order.
 */
export async function sendToMany(
  localPath: string,
  targets: readonly FarmTarget[],
  opts: SendToManyOptions = {},
): Promise<FarmResult[]> {
  const info = await readThreeMf(localPath);
  const results: FarmResult[] = new Array<FarmResult>(targets.length);
  const limit = Math.max(1, Math.min(opts.concurrency ?? 3, targets.length || 1));
  for (const t of targets) opts.onProgress?.(t.id, { phase: 'queued' });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const i = next++;
      const t = targets[i];
      if (!t) continue;
      try {
        const result = await sendAndPrint(t.link, t.ftps, localPath, {
          ...opts,
          info,
          amsMapping: t.amsMapping ?? opts.amsMapping ?? 'auto',
          onProgress: (p) => opts.onProgress?.(t.id, p),
        });
        results[i] = { id: t.id, ok: true, result };
      } catch (err) {
        const error = describeError(err);
        results[i] = { id: t.id, ok: false, error };
        opts.onProgress?.(t.id, { phase: 'failed', error });
      }
    }
  };
  await Promise.all(Array.from({ length: limit }, () => worker()));
  return results;
}
