import { diffReport } from './delta.ts';
import type { JsonObject } from './templates.ts';

/**
 * Cuts `push_status` messages from the printer state: full objects (`msg` 0) for `pushall` and for
 * every push on full-style models, deltas (`msg` 1, changed keys only) on P1/A1.
 */
export class Reporter {
  private lastSent: JsonObject;
  private sequence: number;

  constructor(
    private readonly style: 'full' | 'delta',
    initial: JsonObject,
    firstSequence = 1,
  ) {
    this.lastSent = structuredClone(initial);
    this.sequence = firstSequence;
  }

  /** The whole state, as the answer to `pushall`. */
  full(state: JsonObject): JsonObject {
    this.lastSent = structuredClone(state);
    return this.wrap(structuredClone(state), 0);
  }

  /** The periodic push: full or delta depending on the model. */
  periodic(state: JsonObject): JsonObject {
    if (this.style === 'full') return this.full(state);
    const delta = diffReport(this.lastSent, state);
    this.lastSent = structuredClone(state);
    return this.wrap(delta, 1);
  }

  private wrap(fields: JsonObject, msg: 0 | 1): JsonObject {
    return {
      print: { ...fields, command: 'push_status', msg, sequence_id: String(this.sequence++) },
    };
  }
}
