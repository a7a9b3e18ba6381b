import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LinkError } from './link-error.ts';
import { classifyReply, ReplyTracker } from './reply-tracker.ts';

const SERIAL = '01P00A000000001';

describe('ReplyTracker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('matches a reply by class, command and sequence_id', async () => {
    const t = new ReplyTracker(SERIAL);
    const p = t.expect({ cls: 'print', command: 'pause', sequenceId: '17', timeoutMs: 10_000 });
    const reply = {
      print: { command: 'pause', sequence_id: '17', param: '', result: 'success', reason: '' },
    };
    expect(t.handle(reply)).toBe(true);
    await expect(p).resolves.toMatchObject({
      command: 'pause',
      sequenceId: '17',
      result: 'success',
      reason: '',
      raw: reply.print,
    });
    expect(t.size).toBe(0);
  });

  it('ignores replies with another sequence_id, command or class', async () => {
    const t = new ReplyTracker(SERIAL);
    const p = t.expect({ cls: 'print', command: 'pause', sequenceId: '17', timeoutMs: 10_000 });
    expect(t.handle({ print: { command: 'pause', sequence_id: '18', result: 'success' } })).toBe(
      false,
    );
    expect(t.handle({ print: { command: 'resume', sequence_id: '17', result: 'success' } })).toBe(
      false,
    );
    expect(t.handle({ system: { command: 'pause', sequence_id: '17', result: 'success' } })).toBe(
      false,
    );
    expect(t.handle({ print: { command: 'push_status', msg: 1 } })).toBe(false);
    expect(t.size).toBe(1);
    // A numeric sequence_id from a printer still matches the string we sent.
    expect(t.handle({ print: { command: 'pause', sequence_id: 17, result: 'SUCCESS' } })).toBe(
      true,
    );
    await expect(p).resolves.toMatchObject({ result: 'SUCCESS', sequenceId: '17' });
  });

  it('compares result case-insensitively: FAIL and failed reject with the reason', async () => {
    const t = new ReplyTracker(SERIAL);
    const a = t.expect({ cls: 'print', command: 'project_file', sequenceId: '1', timeoutMs: 5000 });
    const b = t.expect({ cls: 'print', command: 'pause', sequenceId: '2', timeoutMs: 5000 });
    t.handle({
      print: {
        command: 'project_file',
        sequence_id: '1',
        result: 'FAIL',
        reason: 'file not found',
      },
    });
    t.handle({ print: { command: 'pause', sequence_id: '2', result: 'Failed', reason: '' } });
    const errA = (await a.catch((e: unknown) => e)) as LinkError;
    expect(errA).toBeInstanceOf(LinkError);
    expect(errA.code).toBe('command-failed');
    expect(errA.message).toContain('file not found');
    expect(errA.message).toContain(SERIAL);
    const errB = (await b.catch((e: unknown) => e)) as LinkError;
    expect(errB.code).toBe('command-failed');
    expect(errB.message).toContain('no reason given');
  });

  it('a signature refusal becomes control-refused with the Developer Mode message', async () => {
    const t = new ReplyTracker(SERIAL);
    const p = t.expect({ cls: 'print', command: 'stop', sequenceId: '3', timeoutMs: 5000 });
    t.handle({
      print: {
        command: 'stop',
        sequence_id: '3',
        result: 'failed',
        reason: 'mqtt message verify failed',
      },
    });
    const err = (await p.catch((e: unknown) => e)) as LinkError;
    expect(err.code).toBe('control-refused');
    expect(err.message).toMatch(/Developer Mode/);
    const byCode = classifyReply(SERIAL, { command: 'pause', result: 'fail', err_code: 84033545 });
    expect('error' in byCode && byCode.error.code).toBe('control-refused');
  });

  it('times out with the command name and duration', async () => {
    const t = new ReplyTracker(SERIAL);
    const p = t.expect({ cls: 'print', command: 'pause', sequenceId: '4', timeoutMs: 10_000 });
    const settled = p.catch((e: unknown) => e);
    vi.advanceTimersByTime(9_999);
    expect(t.size).toBe(1);
    vi.advanceTimersByTime(1);
    const err = (await settled) as LinkError;
    expect(err.code).toBe('timeout');
    expect(err.message).toBe(`printer ${SERIAL} did not answer "pause" within 10 s`);
    expect(t.size).toBe(0);
    // A late reply is no longer matched.
    expect(t.handle({ print: { command: 'pause', sequence_id: '4', result: 'success' } })).toBe(
      false,
    );
  });

  it('uses the onTimeout error when given, and rejectAll honours its filter', async () => {
    const t = new ReplyTracker(SERIAL);
    const custom = new LinkError('control-refused', 'x', { serial: SERIAL });
    const p = t.expect({
      cls: 'print',
      command: 'pause',
      sequenceId: '5',
      timeoutMs: 100,
      onTimeout: () => custom,
    });
    const settled = p.catch((e: unknown) => e);
    vi.advanceTimersByTime(100);
    expect(await settled).toBe(custom);

    const keep = t.expect({
      cls: 'info',
      command: 'get_version',
      sequenceId: '6',
      timeoutMs: 1000,
    });
    const drop = t.expect({ cls: 'print', command: 'resume', sequenceId: '7', timeoutMs: 1000 });
    const dropped = drop.catch((e: unknown) => e);
    t.rejectAll(custom, (cls) => cls === 'print');
    expect(await dropped).toBe(custom);
    expect(t.size).toBe(1);
    t.handle({ info: { command: 'get_version', sequence_id: '6', module: [] } });
    await expect(keep).resolves.toMatchObject({ command: 'get_version', result: '' });
  });

  it('a negative errno fails the command even without a result', () => {
    const r = classifyReply(SERIAL, {
      command: 'ams_change_filament',
      sequence_id: '1',
      errno: -2,
    });
    expect('error' in r && r.error.message).toContain('errno -2');
  });
});
