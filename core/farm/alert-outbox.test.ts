import { describe, expect, it } from 'vitest';
import type { AlertResult } from '../../shared/contract/alert-schemas.ts';
import { AlertOutbox } from './alert-outbox.ts';
import type { AlertEvent } from './alert-payload.ts';
import type { SendOutcome } from './alert-sender.ts';

const alert = (title: string): AlertEvent => ({
  event: 'queue-empty',
  title,
  body: '',
  printer: null,
  at: 0,
});

const ok: SendOutcome = { result: { ok: true, status: 200, message: 'ok' }, retry: false };
const down: SendOutcome = { result: { ok: false, status: 503, message: 'down' }, retry: true };

/** A send the test releases by hand: the outbox's own ordering, caps and retries are what is tested. */
function gatedSend() {
  const calls: string[] = [];
  const gates: ((o: SendOutcome) => void)[] = [];
  const send = (a: AlertEvent) => {
    calls.push(a.title);
    return new Promise<SendOutcome>((resolve) => gates.push(resolve));
  };
  const release = async (outcome: SendOutcome) => {
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.shift()?.(outcome);
  };
  return { calls, send, release };
}

describe('AlertOutbox', () => {
  it('sends one at a time, in order, and drops the oldest beyond the cap with a count', async () => {
    const results: AlertResult[] = [];
    const { calls, send, release } = gatedSend();
    const outbox = new AlertOutbox(send, {
      maxPending: 2,
      retryDelaysMs: [],
      now: () => 5,
      onResult: (r) => results.push(r),
    });
    for (const t of ['a', 'b', 'c', 'd', 'e']) outbox.push(alert(t));
    // 'a' is in flight; 'b' and 'c' were dropped to keep two waiting.
    expect(outbox.dropped).toBe(2);
    expect(outbox.size).toBe(2);
    for (let i = 0; i < 3; i += 1) await release(ok);
    await outbox.idle();
    expect(calls).toEqual(['a', 'd', 'e']);
    expect(results).toHaveLength(3);
    expect(results[0]).toEqual({ ok: true, status: 200, message: 'ok', at: 5 });
  });

  it('retries what may work later, a bounded number of times, and reports the last outcome', async () => {
    const results: AlertResult[] = [];
    const { calls, send, release } = gatedSend();
    const outbox = new AlertOutbox(send, {
      maxPending: 10,
      retryDelaysMs: [1, 1],
      now: () => 0,
      onResult: (r) => results.push(r),
    });
    outbox.push(alert('x'));
    for (let i = 0; i < 3; i += 1) await release(down);
    await outbox.idle();
    expect(calls).toEqual(['x', 'x', 'x']);
    expect(results).toEqual([{ ok: false, status: 503, message: 'down', at: 0 }]);

    // A refusal that a retry cannot fix (404) is tried once.
    outbox.push(alert('y'));
    await release({ result: { ok: false, status: 404, message: 'gone' }, retry: false });
    await outbox.idle();
    expect(calls).toEqual(['x', 'x', 'x', 'y']);
  });

  it('closes while a send hangs: the send is aborted and nothing more goes out', async () => {
    let seen: AbortSignal | null = null;
    const outbox = new AlertOutbox(
      (_a, signal) => {
        seen = signal;
        return new Promise<SendOutcome>((resolve) =>
          signal.addEventListener('abort', () => resolve(down)),
        );
      },
      { maxPending: 5, retryDelaysMs: [1], now: () => 0, onResult: () => undefined },
    );
    outbox.push(alert('a'));
    outbox.push(alert('b'));
    await outbox.close();
    expect((seen as AbortSignal | null)?.aborted).toBe(true);
    expect(outbox.size).toBe(0);
    outbox.push(alert('c'));
    expect(outbox.size).toBe(0);
  });
});
