import { describe, expect, it } from 'vitest';
import type { PrinterState } from '../../shared/printer-state.ts';
import { recordId } from './history-recorder.ts';
import { historyIdOf, isBusyNow, isFree, printEnd, type QueuePrinter } from './queue-copies.ts';

function printer(
  state: Partial<PrinterState> | null,
  report: Record<string, unknown> | null = null,
  online = true,
): QueuePrinter {
  return {
    id: 'p-1',
    name: 'Rack 1',
    serial: '01P00A000000001',
    online,
    control: 'allowed',
    state:
      state === null
        ? null
        : ({
            gcodeState: null,
            progress: null,
            printError: null,
            hms: [],
            ...state,
          } as PrinterState),
    report,
  };
}

describe('a printer as the queue reads it', () => {
  it('is free when its state is known and shows no job; busy while printing, preparing or paused', () => {
    expect(isFree(printer({ gcodeState: 'IDLE' }))).toBe(true);
    expect(isFree(printer({ gcodeState: 'FINISH' }))).toBe(true);
    expect(isFree(printer({ gcodeState: 'FAILED' }))).toBe(true);
    for (const g of ['RUNNING', 'PREPARE', 'PAUSE']) {
      expect(isFree(printer({ gcodeState: g }))).toBe(false);
      expect(isBusyNow(printer({ gcodeState: g }))).toBe(true);
    }
    // Unknown (no report yet) or offline is neither: nothing is decided on it.
    expect(isFree(printer(null))).toBe(false);
    expect(isFree(printer({ gcodeState: null }))).toBe(false);
    expect(isFree(printer({ gcodeState: 'IDLE' }, null, false))).toBe(false);
    expect(isBusyNow(printer({ gcodeState: 'RUNNING' }, null, false))).toBe(false);
  });

  it('reads how a print ended: finished, failed with the printer’s reason, cancelled, stopped', () => {
    expect(printEnd(printer({ gcodeState: 'FINISH' }))).toEqual({ result: 'done' });
    expect(printEnd(printer({ gcodeState: 'IDLE', progress: 100 }))).toEqual({ result: 'done' });
    expect(
      printEnd(
        printer({
          gcodeState: 'FAILED',
          printError: {
            code: '0300_8003',
            message: 'Spaghetti detected',
          },
        }),
      ),
    ).toEqual({ result: 'failed', reason: 'failed on Rack 1: Spaghetti detected' });
    expect(
      printEnd(
        printer({
          gcodeState: 'FAILED',
          printError: {
            code: '0300_400C',
            message: 'Task was canceled',
          },
        }),
      ),
    ).toEqual({ result: 'failed', reason: 'cancelled on Rack 1' });
    expect(
      printEnd(
        printer({
          gcodeState: 'FAILED',
          hms: [
            { code: '0700_2000_0002_0001', message: 'AMS A filament ran out' },
          ] as unknown as PrinterState['hms'],
        }),
      ),
    ).toEqual({
      result: 'failed',
      reason: 'failed on Rack 1: HMS 0700_2000_0002_0001: AMS A filament ran out',
    });
    expect(printEnd(printer({ gcodeState: 'FAILED' }))).toEqual({
      result: 'failed',
      reason: 'failed on Rack 1 (the printer gave no reason)',
    });
    expect(printEnd(printer({ gcodeState: 'IDLE', progress: 40 }))).toEqual({
      result: 'failed',
      reason: 'stopped on Rack 1 before it finished',
    });
  });

  it('names the history record of the printer’s job the way the recorder does, when the job has an id', () => {
    const p = printer({ gcodeState: 'RUNNING' }, { task_id: '775084413', subtask_name: 'box' });
    expect(historyIdOf(p)).toBe(recordId(p.serial, 'task:775084413'));
    expect(historyIdOf(printer({ gcodeState: 'RUNNING' }, { task_id: '0' }))).toBeNull();
  });
});
