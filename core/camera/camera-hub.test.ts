import { afterEach, describe, expect, it, vi } from 'vitest';
import { CameraHub, type CameraSource } from './camera-hub.ts';
import type { CameraFrame, CameraStatus, UpstreamListener } from './camera-types.ts';

/** An in-memory upstream: the test pushes frames into whichever session the hub opened. */
class ManualSource implements CameraSource {
  readonly streamBudget: number;
  opened = 0;
  openNow = 0;
  listener: UpstreamListener | null = null;
  private seq = 0;

  constructor(budget = 2) {
    this.streamBudget = budget;
  }

  open(listener: UpstreamListener) {
    this.opened += 1;
    this.openNow += 1;
    this.listener = listener;
    listener.onStatus({ state: 'connecting' });
    return {
      close: () => {
        this.openNow -= 1;
        listener.onStatus({ state: 'closed' });
      },
    };
  }

  live(): void {
    this.listener?.onStatus({ state: 'live' });
  }

  push(bytes = 1000): CameraFrame {
    this.seq += 1;
    const frame: CameraFrame = {
      kind: 'jpeg',
      data: Buffer.alloc(bytes, this.seq & 0xff),
      seq: this.seq,
      receivedAt: Date.now(),
    };
    this.listener?.onFrame(frame);
    return frame;
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('CameraHub', () => {
  it('opens one upstream for ten viewers and fans every frame out', () => {
    const hub = new CameraHub();
    const source = new ManualSource();
    hub.addCamera('p1', source);
    const seen = Array.from({ length: 10 }, () => [] as number[]);
    const watches = seen.map((list) => hub.watch('p1', { onFrame: (f) => void list.push(f.seq) }));
    source.live();
    for (let i = 0; i < 5; i++) source.push();
    expect(source.opened).toBe(1);
    for (const list of seen) expect(list).toEqual([1, 2, 3, 4, 5]);
    expect(hub.stats('p1')).toMatchObject({
      viewers: 10,
      sessionsOpened: 1,
      framesIn: 5,
      live: true,
    });
    for (const w of watches) w.close();
    hub.close();
  });

  it('keeps one pending frame for a stalled viewer and delivers the newest when it resumes', async () => {
    const hub = new CameraHub();
    const source = new ManualSource();
    hub.addCamera('p1', source);
    let release: () => void = () => {};
    const slow: number[] = [];
    const fast: number[] = [];
    const slowWatch = hub.watch('p1', {
      onFrame: (f) => {
        slow.push(f.seq);
        return new Promise<void>((r) => (release = r));
      },
    });
    hub.watch('p1', { onFrame: (f) => void fast.push(f.seq) });
    source.live();
    for (let i = 0; i < 100; i++) source.push(10_000);
    expect(fast).toHaveLength(100);
    expect(slow).toEqual([1]);
    expect(slowWatch.stats()).toEqual({ delivered: 1, skipped: 98, pendingBytes: 10_000 });
    release();
    await vi.waitFor(() => expect(slow).toEqual([1, 100]));
    hub.close();
  });

  it('closes the upstream a while after the last viewer leaves, and not before', () => {
    vi.useFakeTimers();
    const hub = new CameraHub({ lingerMs: 5000 });
    const source = new ManualSource();
    hub.addCamera('p1', source);
    const a = hub.watch('p1', { onFrame: () => {} });
    a.close();
    vi.advanceTimersByTime(4000);
    expect(source.openNow).toBe(1);
    // Coming back within the linger re-uses the session.
    const b = hub.watch('p1', { onFrame: () => {} });
    vi.advanceTimersByTime(10_000);
    expect(source.opened).toBe(1);
    b.close();
    vi.advanceTimersByTime(5001);
    expect(source.openNow).toBe(0);
    expect(hub.stats('p1').sessionsActive).toBe(0);
    hub.watch('p1', { onFrame: () => {} });
    expect(source.opened).toBe(2);
    hub.close();
  });

  it('gives a late viewer the last frame at once', () => {
    const hub = new CameraHub();
    const source = new ManualSource();
    hub.addCamera('p1', source);
    hub.watch('p1', { onFrame: () => {} });
    source.live();
    source.push();
    const last = source.push();
    const got: CameraFrame[] = [];
    hub.watch('p1', { onFrame: (f) => void got.push(f) });
    expect(got).toEqual([last]);
    hub.close();
  });

  it('serves snapshots from the last frame when live, without a second session', async () => {
    const hub = new CameraHub();
    const source = new ManualSource();
    hub.addCamera('p1', source);
    hub.watch('p1', { onFrame: () => {} });
    source.live();
    const last = source.push(321);
    await expect(hub.snapshot('p1')).resolves.toBe(last.data);
    expect(source.opened).toBe(1);
    hub.close();
  });

  it('opens a session for a snapshot when nothing is live, and reports a timeout', async () => {
    const hub = new CameraHub({ lingerMs: 50 });
    const source = new ManualSource();
    hub.addCamera('p1', source);
    const pending = hub.snapshot('p1', 5000);
    source.live();
    const frame = source.push(10);
    await expect(pending).resolves.toBe(frame.data);
    const again = hub.snapshot('p1', 5000);
    await expect(again).resolves.toBe(frame.data); // still live within the linger
    const other = new ManualSource();
    hub.addCamera('p2', other);
    await expect(hub.snapshot('p2', 30)).rejects.toMatchObject({ code: 'timeout' });
    hub.close();
  });

  it('detaches a viewer whose onFrame throws, others keep receiving', () => {
    const hub = new CameraHub();
    const source = new ManualSource();
    hub.addCamera('p1', source);
    const reasons: unknown[] = [];
    hub.watch('p1', {
      onFrame: () => {
        throw new Error('boom');
      },
      onDetached: (r) => reasons.push(r),
    });
    const ok: number[] = [];
    hub.watch('p1', { onFrame: (f) => void ok.push(f.seq) });
    source.live();
    source.push();
    source.push();
    expect(reasons).toHaveLength(1);
    expect(ok).toEqual([1, 2]);
    expect(hub.stats('p1').viewers).toBe(1);
    hub.close();
  });

  it('never exceeds the stream budget while an old session is still closing', () => {
    vi.useFakeTimers();
    const hub = new CameraHub({ lingerMs: 0 });
    let active = 0;
    let maxActive = 0;
    const finishers: (() => void)[] = [];
    hub.addCamera('p1', {
      streamBudget: 1,
      open: (listener) => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        listener.onStatus({ state: 'connecting' });
        return {
          // Closing takes time (like an ffmpeg process exiting).
          close: () =>
            finishers.push(() => {
              active -= 1;
              listener.onStatus({ state: 'closed' });
            }),
        };
      },
    });
    const statuses: CameraStatus[] = [];
    hub.watch('p1', { onFrame: () => {} }).close();
    vi.advanceTimersByTime(1);
    hub.watch('p1', { onFrame: () => {}, onStatus: (s) => statuses.push(s) });
    vi.advanceTimersByTime(1000);
    expect(maxActive).toBe(1);
    expect(
      statuses.some((s) => s.state === 'retrying' && s.error.code === 'budget-exhausted'),
    ).toBe(true);
    for (const f of finishers.splice(0)) f();
    vi.advanceTimersByTime(500);
    expect(active).toBe(1);
    expect(hub.stats('p1').sessionsOpened).toBe(2);
    hub.close();
  });

  it('delivers an mp4 init segment before fragments and never skips it', () => {
    const hub = new CameraHub();
    const source = new ManualSource();
    hub.addCamera('p1', source);
    hub.watch('p1', { onFrame: () => {} });
    source.live();
    const init: CameraFrame = {
      kind: 'mp4-init',
      data: Buffer.from('init'),
      seq: 1,
      receivedAt: 0,
    };
    const frag: CameraFrame = {
      kind: 'mp4-fragment',
      data: Buffer.from('frag'),
      seq: 2,
      receivedAt: 0,
    };
    source.listener?.onFrame(init);
    source.listener?.onFrame(frag);
    const got: string[] = [];
    hub.watch('p1', { onFrame: (f) => void got.push(f.kind) });
    expect(got).toEqual(['mp4-init', 'mp4-fragment']);
    hub.close();
  });
});
