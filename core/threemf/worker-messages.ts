import type { ThreeMfReading } from './read-threemf.ts';
import type { ThreeMfErrorCode } from './threemf-error.ts';

/** What read-in-worker.ts sends to threemf-worker.ts. */
export interface WorkerRequest {
  readonly path: string;
  readonly thumbnailMaxBytes: number;
}

/** The worker's one answer. */
export type WorkerReply =
  | { readonly ok: true; readonly reading: ThreeMfReading }
  | { readonly ok: false; readonly code: ThreeMfErrorCode; readonly message: string };
