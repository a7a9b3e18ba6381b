import { describe, expect, it } from 'vitest';
import { MONITOR_USAGE, redact, runMonitor, type MonitorIo } from './monitor.ts';

function io(signal = new AbortController().signal) {
  const out: string[] = [];
  const err: string[] = [];
  const value: MonitorIo = {
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    env: {},
    signal,
  };
  return { value, out, err };
}

describe('runMonitor', () => {
  it('--help prints the usage with every exit code and returns 0', async () => {
    const t = io();
    expect(await runMonitor(['--help'], t.value)).toBe(0);
    expect(t.out.join('\n')).toBe(MONITOR_USAGE);
    for (const code of ['0', '1', '2', '3', '4', '5', '6', '130']) {
      expect(MONITOR_USAGE).toMatch(new RegExp(`^  ${code} +\\S`, 'm'));
    }
  });

  it('a usage error returns 2 with the message first, then the usage, on stderr', async () => {
    const t = io();
    expect(await runMonitor(['--host', 'h', '--serial', 'S1', '--timeout', 'x'], t.value)).toBe(2);
    expect(t.err[0]).toBe('bambu-monitor: --timeout must be a positive number of seconds, not "x"');
    expect(t.err.join('\n')).toContain('Usage: bambu-monitor');
    expect(t.out).toEqual([]);
  });

  it('live mode stopped before it starts closes at once and returns 0', async () => {
    const stop = new AbortController();
    stop.abort();
    const t = io(stop.signal);
    const argv = ['--host', '127.0.0.1', '--port', '9', '--serial', 'S1', '--access-code', 'c0de'];
    expect(await runMonitor(argv, t.value)).toBe(0);
    expect(t.err).toEqual([]);
  });
});

describe('redact', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redact('code 12345678 rejected (12345678)', ['12345678'])).toBe(
      'code *** rejected (***)',
    );
    expect(redact('token abc and def', ['abc', 'def'])).toBe('token *** and ***');
  });
});
