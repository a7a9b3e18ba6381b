import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installProcessGuards, UNCAUGHT_EXIT_CODE } from './process-guard.ts';

function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  const proc = Object.assign(emitter, { exit: (code: number) => void exits.push(code) });
  return { proc, exits };
}

describe('process guards', () => {
  it('log an unhandled rejection and keep running', () => {
    const { proc, exits } = fakeProcess();
    const lines: string[] = [];
    installProcessGuards('tool', (l) => lines.push(l), proc);
    proc.emit('unhandledRejection', new Error('lost task'));
    expect(lines).toEqual(['tool: unhandled rejection (kept running): Error: lost task']);
    expect(exits).toEqual([]);
  });

  it('log an uncaught exception and stop with EX_SOFTWARE', () => {
    const { proc, exits } = fakeProcess();
    const lines: string[] = [];
    installProcessGuards('host', (l) => lines.push(l), proc);
    proc.emit('uncaughtException', new TypeError('bad state'));
    expect(lines[0]).toBe('host: uncaught exception, stopping: TypeError: bad state');
    expect(exits).toEqual([UNCAUGHT_EXIT_CODE]);
  });

  it('install once per process', () => {
    const { proc } = fakeProcess();
    installProcessGuards('a', () => undefined, proc);
    installProcessGuards('b', () => undefined, proc);
    expect(proc.listenerCount('unhandledRejection')).toBe(1);
  });
});
