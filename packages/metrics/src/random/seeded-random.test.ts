import { describe, expect, it } from 'vitest';
import { normalFrom, sampleWithoutReplacement, seededUniform } from './seeded-random.js';

describe('seededUniform', () => {
  it('is deterministic in the seed and differs across seeds', () => {
    const a = seededUniform(7);
    const b = seededUniform(7);
    const c = seededUniform(8);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xs);
  });

  it('has mean ≈ 1/2 and variance ≈ 1/12 in [0, 1)', () => {
    const s = seededUniform(1);
    let sum = 0;
    let sq = 0;
    let outside = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const u = s.uniform();
      if (u < 0 || u >= 1) outside++;
      sum += u;
      sq += u * u;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(sq / n - mean * mean).toBeCloseTo(1 / 12, 2);
  });

  it('normal draws have mean ≈ 0 and variance ≈ 1', () => {
    const s = seededUniform(3);
    let sum = 0;
    let sq = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const z = normalFrom(s);
      sum += z;
      sq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(sq / n).toBeGreaterThan(0.95);
    expect(sq / n).toBeLessThan(1.05);
  });
});

describe('sampleWithoutReplacement', () => {
  it('returns k distinct indices in range, covering all of [0, n) when k = n', () => {
    const s = seededUniform(11);
    const pick = sampleWithoutReplacement(s, 50, 20);
    expect(new Set(pick).size).toBe(20);
    for (const i of pick) expect(i >= 0 && i < 50).toBe(true);
    const all = Array.from(sampleWithoutReplacement(s, 9, 9)).sort((x, y) => x - y);
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('picks each index with probability k/n', () => {
    const s = seededUniform(5);
    const counts = new Array(10).fill(0);
    const trials = 5000;
    for (let t = 0; t < trials; t++) for (const i of sampleWithoutReplacement(s, 10, 3)) counts[i]++;
    for (const c of counts) expect(Math.abs(c / trials - 0.3)).toBeLessThan(0.03);
  });
});
