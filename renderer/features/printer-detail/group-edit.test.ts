import { describe, expect, it } from 'vitest';
import { groupSuggestions, withGroup } from './group-edit.ts';

describe('group editing', () => {
  it('adds a trimmed group, spelled like the farm already spells it', () => {
    expect(withGroup([], '  PETG printers ', [])).toEqual({ tags: ['PETG printers'] });
    expect(withGroup(['PETG'], 'rack a', ['Rack A', 'PETG'])).toEqual({ tags: ['PETG', 'Rack A'] });
  });

  it('refuses empty, too long, duplicate and a 21st group with a reason', () => {
    expect(withGroup([], '   ', [])).toEqual({ error: 'a group needs a name' });
    expect(withGroup([], 'x'.repeat(41), [])).toEqual({
      error: 'a group name has at most 40 characters',
    });
    expect(withGroup(['Rack A'], 'RACK A', ['Rack A'])).toEqual({
      error: 'this printer is already in Rack A',
    });
    const twenty = Array.from({ length: 20 }, (_, i) => `g${i}`);
    expect(withGroup(twenty, 'one more', [])).toEqual({
      error: 'a printer has at most 20 groups: remove one first',
    });
  });

  it('suggests the farm groups the printer is not in', () => {
    expect(groupSuggestions(['Rack A'], ['PETG', 'Rack A', 'Rack B'])).toEqual(['PETG', 'Rack B']);
  });
});
