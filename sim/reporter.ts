import { diffReport } from './delta.ts';
import type { JsonObject } from './templates.ts';
import type { SimReportOptions } from './virtual-printer-api.ts';

/**
 * Cuts `push_status` messages from the printer state: full objects (`msg` 0) for `pushall` and for
 * every push on full-style models, deltas (`msg` 1, changed keys only) on P1/A1. Quirks: no `msg`
 * at all (H2 partial reports), and on delta printers a full report every `fullEveryMs` too.
 */
export class Reporter {
  private lastSent: JsonObject;
  private sequence: number;
  private lastFullAt: number;
  private readonly withMsg: boolean;

  constructor(
    private readonly style: 'full' | 'delta',
    initial: JsonObject,
    private readonly options: Omit<SimReportOptions, 'style'> = {},
    private readonly now: () => number = Date.now,
    firstSequence = 1,
  ) {
    this.lastSent = structuredClone(initial);
    this.sequence = firstSequence;
    this.lastFullAt = now();
    this.withMsg = options.msg ?? true;
  }

  /** The whole state, as the answer to `pushall`. */
  full(state: JsonObject): JsonObject {
    this.lastSent = structuredClone(state);
    this.lastFullAt = this.now();
    return this.wrap(structuredClone(state), 0);
  }

  /** The periodic push: full or delta depending on the model (and the full-report period). */
  periodic(state: JsonObject): JsonObject {
    if (this.style === 'full') return this.full(state);
    const every = this.options.fullEveryMs;
    if (every !== undefined && this.now() - this.lastFullAt >= every) return this.full(state);
    const delta = diffReport(this.lastSent, state);
    this.lastSent = structuredClone(state);
    return this.wrap(delta, 1);
  }

  private wrap(fields: JsonObject, msg: 0 | 1): JsonObject {
    const print: JsonObject = { ...fields, command: 'push_status' };
    if (this.withMsg) print['msg'] = msg;
    else delete print['msg'];
    print['sequence_id'] = String(this.sequence++);
    return { print };
  }
}
