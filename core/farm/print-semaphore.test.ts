import { describe, expect, it } from 'vitest';
import { Semaphore } from './print-semaphore.ts';

describe('Semaphore', () => {
  it('lets at most `limit` holders in, the rest in arrival order', async () => {
    const s = new Semaphore(2);
    const order: number[] = [];
    const a = await s.acquire();
    const b = await s.acquire();
    const c = s.acquire().then((release) => (order.push(3), release));
    const d = s.acquire().then((release) => (order.push(4), release));
    await Promise.resolve();
    expect(order).toEqual([]);
    a();
    a(); // a second release of the same slot changes nothing
    const releaseC = await c;
    expect(order).toEqual([3]);
    b();
    const releaseD = await d;
    expect(order).toEqual([3, 4]);
    releaseC();
    releaseD();
    const e = await s.acquire();
    const f = await s.acquire();
    e();
    f();
  });
});
