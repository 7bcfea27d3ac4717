import { describe, expect, it } from 'vitest';
import { feistelPermutation, mix32 } from './feistel-permutation.js';

const all = (n: number, keys: number[]) => {
  const p = feistelPermutation(n, keys);
  return Array.from({ length: n }, (_, i) => p.at(i));
};

describe('feistelPermutation', () => {
  it.each([1, 2, 3, 5, 16, 17, 100, 1000, 4097])('is a bijection on [0, %i)', (n) => {
    const values = all(n, [11, 22, 33, 44]);
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('is deterministic in its keys and shuffles well', () => {
    const a = all(1000, [1, 2, 3, 4]);
    expect(all(1000, [1, 2, 3, 4])).toEqual(a);
    const b = all(1000, [1, 2, 3, 5]);
    expect(b).not.toEqual(a);
    // Few fixed points (expected 1 for a random permutation) and little rank correlation with identity.
    expect(a.filter((v, i) => v === i).length).toBeLessThan(8);
    const mean = 499.5;
    let cov = 0;
    let v = 0;
    a.forEach((x, i) => {
      cov += (x - mean) * (i - mean);
      v += (i - mean) ** 2;
    });
    expect(Math.abs(cov / v)).toBeLessThan(0.15);
  });

  it('handles a 2^31 − 1 domain without materialising it', () => {
    const p = feistelPermutation(2 ** 31 - 1, [5, 6, 7, 8]);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const x = p.at(2 ** 31 - 2 - i);
      expect(x >= 0 && x < 2 ** 31 - 1).toBe(true);
      seen.add(x);
    }
    expect(seen.size).toBe(1000);
    expect(() => p.at(2 ** 31 - 1)).toThrow(/outside/);
  });
});

describe('mix32', () => {
  it('fixes zero and flips about half the bits for a one-bit change', () => {
    expect(mix32(0)).toBe(0);
    let flipped = 0;
    for (let i = 1; i <= 200; i++) flipped += (mix32(i) ^ mix32(i ^ 1)).toString(2).split('1').length - 1;
    expect(flipped / 200).toBeGreaterThan(13);
    expect(flipped / 200).toBeLessThan(19);
  });
});
