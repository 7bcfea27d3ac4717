import { Rng } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { sampleWithoutReplacement } from './subsample.js';

describe('sampleWithoutReplacement', () => {
  it('returns k distinct indices in range, covering all of [0, n) when k = n', () => {
    const rng = new Rng(11);
    const pick = sampleWithoutReplacement(rng, 50, 20);
    expect(new Set(pick).size).toBe(20);
    expect(Array.from(pick).every((i) => i >= 0 && i < 50)).toBe(true);
    expect(Array.from(sampleWithoutReplacement(rng, 9, 9)).sort((x, y) => x - y)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    expect(() => sampleWithoutReplacement(rng, 3, 4)).toThrow(/cannot draw 4 distinct indices from 3/);
  });

  it('includes each index with probability k/n (within 4 standard errors)', () => {
    const rng = new Rng(5);
    const counts = new Array(10).fill(0);
    const trials = 4000;
    for (let t = 0; t < trials; t++) for (const i of sampleWithoutReplacement(rng, 10, 3)) counts[i]++;
    const se = Math.sqrt((0.3 * 0.7) / trials);
    for (const c of counts) expect(Math.abs(c / trials - 0.3)).toBeLessThan(4 * se);
  });
});
