import { describe, expect, it } from 'vitest';
import { hashString32, mix32, SeededRandom } from './seeded-random.js';

describe('SeededRandom', () => {
  it('repeats a stream from the same seed and differs across seeds', () => {
    const a = new SeededRandom(5);
    const b = new SeededRandom(5);
    const c = new SeededRandom(6);
    const xs = Array.from({ length: 8 }, () => a.next32());
    expect(Array.from({ length: 8 }, () => b.next32())).toEqual(xs);
    expect(Array.from({ length: 8 }, () => c.next32())).not.toEqual(xs);
  });

  it('splits by key independently of what the parent drew', () => {
    const fresh = new SeededRandom(3).split('shapes').uniform();
    const used = new SeededRandom(3);
    for (let i = 0; i < 100; i++) used.uniform();
    expect(used.split('shapes').uniform()).toBe(fresh);
    expect(new SeededRandom(3).split('other').uniform()).not.toBe(fresh);
  });

  it('restores a saved state exactly', () => {
    const rng = new SeededRandom('x');
    rng.uniform();
    const saved = rng.state();
    const next = [rng.uniform(), rng.int(10), rng.normal()];
    const restored = SeededRandom.fromState(saved);
    expect([restored.uniform(), restored.int(10), restored.normal()]).toEqual(next);
  });

  it('draws uniform values with the right mean and int values in range', () => {
    const rng = new SeededRandom(11);
    const n = 20000;
    let sum = 0;
    const counts = new Array(6).fill(0);
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      counts[rng.int(6)]++;
    }
    expect(sum / n).toBeCloseTo(0.5, 2); // std of the mean ≈ 0.002
    for (const c of counts) expect(Math.abs(c - n / 6)).toBeLessThan(5 * Math.sqrt((n * (1 / 6) * 5) / 6));
    expect(() => rng.int(0)).toThrow(/positive integer/);
  });

  it('normal() has mean 0 and variance 1', () => {
    const rng = new SeededRandom(2);
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.04);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.05);
  });

  it('tfSeed() is a non-negative 31-bit integer', () => {
    const rng = new SeededRandom(0);
    for (let i = 0; i < 100; i++) {
      const s = rng.tfSeed();
      expect(Number.isInteger(s) && s >= 0 && s < 2 ** 31).toBe(true);
    }
  });

  it('hashes strings with avalanche: one changed character flips about half the bits', () => {
    let flipped = 0;
    for (let i = 0; i < 200; i++) {
      const x = hashString32(`key-${i}`) ^ hashString32(`key-${i}!`);
      flipped += x.toString(2).split('1').length - 1;
    }
    expect(flipped / 200).toBeGreaterThan(13);
    expect(flipped / 200).toBeLessThan(19);
    expect(mix32(0)).toBe(0); // fmix32 fixes zero
  });
});
