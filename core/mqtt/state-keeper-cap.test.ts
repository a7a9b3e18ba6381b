import { describe, expect, it } from 'vitest';
import { MAX_REPORT_KEYS } from '../../shared/report-cap.ts';
import { StateKeeper } from './state-keeper.ts';

const keys = (n: number, prefix: string) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, i]));

describe('StateKeeper caps', () => {
  it('drops reports that would grow the merged state past its key cap, keeping the state', () => {
    const keeper = new StateKeeper('01P00A000000001');
    expect(keeper.apply({ msg: 0, gcode_state: 'IDLE', mc_percent: 0 }, 1).applied).toBe(true);
    const results = Array.from({ length: 40 }, (_, i) =>
      keeper.apply({ msg: 1, ...keys(MAX_REPORT_KEYS / 4, `r${i}_`) }, 2 + i),
    );
    expect(results.filter((r) => r.applied)).toHaveLength(3);
    expect(results.slice(3).every((r) => r.overCap === 'too-many-keys')).toBe(true);
    expect(Object.keys(keeper.print ?? {}).length).toBeLessThanOrEqual(MAX_REPORT_KEYS);
    expect(keeper.apply({ msg: 1, mc_percent: 42 }, 99)).toMatchObject({ applied: true });
    expect(keeper.print?.['mc_percent']).toBe(42);
  });

  it('drops a single report that is too large', () => {
    const keeper = new StateKeeper('01P00A000000001');
    const r = keeper.apply({ msg: 0, gcode_state: 'IDLE', junk: 'x'.repeat(2 * 1024 * 1024) }, 1);
    expect(r).toMatchObject({ applied: false, overCap: 'too-large' });
    expect(keeper.state).toBeNull();
  });
});
