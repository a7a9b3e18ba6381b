import { describe, expect, it } from 'vitest';
import { applyQuirks, parseQuirks, SIM_QUIRK_NAMES, SIM_QUIRKS, withFtps } from './quirks.ts';

describe('sim quirks registry', () => {
  it('names every quirk with a summary and a source', () => {
    expect(SIM_QUIRK_NAMES).toEqual(
      expect.arrayContaining([
        'no-msg',
        'p1-deltas',
        'late-project-reply',
        'no-project-reply',
        'single-session',
        'no-rename',
        'hang-prot-p',
      ]),
    );
    for (const n of SIM_QUIRK_NAMES) {
      expect(SIM_QUIRKS[n].summary.length).toBeGreaterThan(10);
      expect(SIM_QUIRKS[n].source.length).toBeGreaterThan(5);
    }
  });

  it('turns names into options, keeping what was set explicitly', () => {
    const o = applyQuirks({
      model: 'X1C',
      quirks: ['p1-deltas', 'no-msg', 'single-session', 'late-project-reply'],
      reports: { fullEveryMs: 1000 },
      projectReply: { delayMs: 500 },
    });
    expect(o.reports).toEqual({ style: 'delta', msg: false, fullEveryMs: 1000 });
    expect(o.projectReply).toEqual({ delayMs: 500 });
    expect(o).toMatchObject({ maxSessions: 1, sessionOverflow: 'kick-oldest' });
    expect(applyQuirks({ model: 'A1', quirks: ['no-project-reply'] }).projectReply).toEqual({
      drop: true,
    });
    expect(applyQuirks({ model: 'P1S', quirks: ['p1-deltas'] }).reports?.fullEveryMs).toBe(300_000);
    expect(applyQuirks({ model: 'A1', quirks: ['hang-prot-p', 'no-rename'] }).ftps).toEqual({
      hangEncryptedData: true,
      refuseRename: true,
    });
  });

  it('refuses unknown names, saying which ones exist', () => {
    expect(() => parseQuirks('no-msg,,nope')).toThrow(/unknown quirk "nope" \(known: no-msg/);
    expect(() => applyQuirks({ model: 'A1', quirks: ['nope'] })).toThrow(RangeError);
    expect(parseQuirks(' no-msg , no-msg ')).toEqual(['no-msg']);
  });

  it('helps FTPS quirks switch the storage server on with a patch', () => {
    expect(withFtps({ model: 'A1' }, { requireSessionReuse: false }).ftps).toEqual({
      requireSessionReuse: false,
    });
    expect(withFtps({ model: 'A1', ftps: { port: 5 } }, { capacityBytes: 1 }).ftps).toEqual({
      port: 5,
      capacityBytes: 1,
    });
  });
});
