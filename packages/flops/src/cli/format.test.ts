import { describe, expect, it } from 'vitest';
import { formatCount, renderTable } from './format.js';

describe('formatCount', () => {
  it('keeps 4 significant digits with an SI prefix', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1_234_567)).toBe('1.235 M');
    expect(formatCount(237_317_662_208)).toBe('237.3 G');
    expect(formatCount(999_960)).toBe('1.000 M'); // rounds up into the next prefix
    expect(formatCount(711.95e9)).toBe('712.0 G');
    expect(formatCount(12.5)).toBe('12.50');
    expect(formatCount(1.5e21)).toBe('1.500 Z');
  });
});

describe('renderTable', () => {
  it('left-aligns the first column and right-aligns the rest', () => {
    expect(
      renderTable([
        ['a', '1'],
        ['bbb', '22'],
      ]),
    ).toBe('a     1\nbbb  22');
  });
});
