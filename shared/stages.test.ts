import { describe, expect, it } from 'vitest';
import { isIdleStage, stageText } from './stages.ts';

describe('stageText', () => {
  it('maps the ids of mqtt.md 6.3', () => {
    expect(stageText(0)).toBe('printing');
    expect(stageText(1)).toBe('auto bed levelling');
    expect(stageText(7)).toBe('heating hotend');
    expect(stageText(35)).toBe('paused: nozzle clog');
    expect(stageText(39)).toBe('nozzle offset calibration');
    expect(stageText(49)).toBe('heating chamber');
    expect(stageText(77)).toBe('preparing AMS');
  });

  it('handles idle, unknown and invalid ids', () => {
    expect(stageText(-1)).toBe('idle');
    expect(stageText(255)).toBe('idle');
    expect(isIdleStage(255)).toBe(true);
    expect(isIdleStage(0)).toBe(false);
    expect(stageText(78)).toBe('stage 78');
    expect(stageText(1.5)).toBeNull();
    expect(stageText(NaN)).toBeNull();
  });
});
