import { Rng } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { cosineMaskRatio, maskCount, sampleTrainingMasks } from './mask-schedule.js';

describe('MaskGIT masks', () => {
  it('γ(u) = cos(π/2·u) and m = max(1, ⌈r·N⌉)', () => {
    expect(cosineMaskRatio(0)).toBe(1);
    expect(cosineMaskRatio(1 / 3)).toBeCloseTo(Math.sqrt(3) / 2, 12);
    expect(maskCount(1, 64)).toBe(64);
    expect(maskCount(0.5, 64)).toBe(32);
    expect(maskCount(0.501, 64)).toBe(33); // ceil
    expect(maskCount(1e-9, 64)).toBe(1); // at least one
    expect(maskCount(0, 64)).toBe(1);
  });

  it('masks exactly m distinct positions per row, with the mean ratio E[cos(π/2·u)] = 2/π', () => {
    const [n, T] = [4000, 16];
    const { mask, counts } = sampleTrainingMasks(n, T, new Rng('masks'));
    const draws = new Rng('masks');
    let total = 0;
    for (let i = 0; i < n; i++) {
      const expected = Math.max(1, Math.ceil(Math.cos((Math.PI / 2) * draws.uniform()) * T));
      for (let j = 0; j < expected; j++) draws.int(T - j); // the same stream the sampler consumed
      expect(counts[i]).toBe(expected);
      let row = 0;
      for (let j = 0; j < T; j++) row += mask[i * T + j]!;
      expect(row).toBe(counts[i]);
      total += row;
    }
    // E[⌈γ(u)·T⌉]/T is 2/π plus at most 1/T from the ceiling.
    const mean = total / (n * T);
    expect(mean).toBeGreaterThan(2 / Math.PI);
    expect(mean).toBeLessThan(2 / Math.PI + 1 / T + 0.02);
    // Positions are uniform: each is masked with the same frequency.
    for (let j = 0; j < T; j++) {
      let hits = 0;
      for (let i = 0; i < n; i++) hits += mask[i * T + j]!;
      expect(Math.abs(hits / n - mean)).toBeLessThan(0.04);
    }
  });
});
