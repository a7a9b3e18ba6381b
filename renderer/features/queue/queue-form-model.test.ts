import { describe, expect, it } from 'vitest';
import type { PrintOptions } from '../../../shared/contract/print-schemas.ts';
import type { QueueFileSource } from '../../../shared/contract/queue-schemas.ts';
import { buildJobInput, INITIAL_FORM } from './queue-form-model.ts';

const file: QueueFileSource = { from: 'staged', stagedFileId: 'f1' };
const options: PrintOptions = {
  bedLeveling: true,
  flowCalibration: true,
  vibrationCalibration: true,
  timelapse: false,
};

describe('add to queue form', () => {
  it('builds the queue:add input of the form', () => {
    const r = buildJobInput(
      { ...INITIAL_FORM, copies: '3', priority: '+2', filamentRule: 'same-material' },
      file,
      2,
      [],
      options,
    );
    expect(r).toEqual({
      ok: true,
      input: {
        file,
        plate: 2,
        copies: 3,
        target: { kind: 'any' },
        filamentRule: 'same-material',
        priority: 2,
        notBefore: null,
        onFailure: 'requeue',
        options,
      },
    });
    const byGroup = buildJobInput(
      { ...INITIAL_FORM, where: 'group', group: ' Rack A ' },
      file,
      1,
      [],
      options,
    );
    expect(byGroup.ok && byGroup.input.target).toEqual({ kind: 'group', group: 'Rack A' });
    const named = buildJobInput(
      { ...INITIAL_FORM, where: 'printers' },
      file,
      1,
      ['S1', 'S2'],
      options,
    );
    expect(named.ok && named.input.target).toEqual({ kind: 'printers', serials: ['S1', 'S2'] });
    const later = buildJobInput(
      { ...INITIAL_FORM, notBefore: '2026-12-05T14:05' },
      file,
      1,
      [],
      options,
    );
    expect(later.ok && later.input.notBefore).toBe(new Date(2026, 11, 5, 14, 5).getTime());
  });

  it('says what to fix', () => {
    const fail = (patch: Partial<typeof INITIAL_FORM>, serials: string[] = []) => {
      const r = buildJobInput({ ...INITIAL_FORM, ...patch }, file, 1, serials, options);
      return r.ok ? 'ok' : r.message;
    };
    expect(fail({ copies: 'two' })).toMatch(/Copies/);
    expect(fail({ copies: '0' })).toMatch(/at least one copy/);
    expect(fail({ copies: '5000' })).toMatch(/at most 1,000/);
    expect(fail({ priority: 'high' })).toMatch(/Priority/);
    expect(fail({ where: 'group' })).toMatch(/Choose a group/);
    expect(fail({ where: 'printers' })).toMatch(/Tick at least one printer/);
    expect(fail({ priority: '500' })).toMatch(/^priority: /);
  });
});
