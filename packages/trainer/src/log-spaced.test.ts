import { describe, expect, it } from 'vitest';
import { logSpaced } from './log-spaced.js';

describe('logSpaced', () => {
  it('spaces numbers by a constant ratio, ends included', () => {
    expect(logSpaced(0.125, 1, 4)).toEqual([0.125, 0.25, 0.5, 1]);
    const r = logSpaced(1e-4, 1e-2, 5);
    expect(r[0]).toBe(1e-4);
    expect(r[4]).toBe(1e-2);
    for (let i = 1; i < 5; i++) expect(r[i]! / r[i - 1]!).toBeCloseTo(Math.sqrt(10), 9);
    expect(logSpaced(0.3, 0.3, 1)).toEqual([0.3]);
  });

  it('refuses bounds and counts it cannot space', () => {
    expect(() => logSpaced(0, 1, 3)).toThrow(/needs 0 < low ≤ high/);
    expect(() => logSpaced(1, 0.5, 3)).toThrow(/needs 0 < low ≤ high/);
    expect(() => logSpaced(0.1, 1, 0)).toThrow(/count = 0 is invalid/);
  });
});
