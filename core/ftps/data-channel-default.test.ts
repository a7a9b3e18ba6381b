import { describe, expect, it } from 'vitest';
import { defaultDataChannel } from './data-channel-default.ts';

describe('defaultDataChannel', () => {
  it('lets the A1 family and unknown printers fall back to PROT C, never the others', () => {
    expect(defaultDataChannel('A1 mini', '03000A000000001')).toBe('auto');
    expect(defaultDataChannel(null, '03919A000000001')).toBe('auto');
    expect(defaultDataChannel(null, 'ZZZ00A000000001')).toBe('auto');
    expect(defaultDataChannel('P1S', '01P00A000000001')).toBe('private');
    expect(defaultDataChannel(null, '00M00A000000001')).toBe('private');
    expect(defaultDataChannel('H2D', '09400A000000001')).toBe('private');
  });
});
