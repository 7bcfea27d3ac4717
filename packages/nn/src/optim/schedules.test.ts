import { describe, expect, it } from 'vitest';
import { warmupCosine, warmupStableDecay } from './schedules.js';

describe('warmupCosine', () => {
  const o = { peakLr: 1, warmupSteps: 4, totalSteps: 14, minLr: 0.1 };
  it('warms up linearly to the peak, then follows the cosine to minLr', () => {
    expect([0, 1, 2, 3].map((s) => warmupCosine(s, o))).toEqual([0.25, 0.5, 0.75, 1]);
    expect(warmupCosine(4, o)).toBeCloseTo(1, 12); // progress 0
    expect(warmupCosine(9, o)).toBeCloseTo(0.1 + 0.45, 12); // progress ½: cos(π/2) = 0
    expect(warmupCosine(14, o)).toBeCloseTo(0.1, 12);
    expect(warmupCosine(100, o)).toBeCloseTo(0.1, 12);
  });
  it('names an invalid option', () => {
    expect(() => warmupCosine(0, { ...o, warmupSteps: 20 })).toThrow(
      /'warmupSteps' = 20[\s\S]*\[0, totalSteps = 14\]/,
    );
    expect(() => warmupCosine(0, { ...o, minLr: 2 })).toThrow(/'minLr' = 2/);
  });
});

describe('warmupStableDecay', () => {
  const o = { peakLr: 2, warmupSteps: 2, totalSteps: 12, decaySteps: 4 };
  it('warms up, holds the peak, then decays with 1 − √progress by default', () => {
    expect([0, 1, 2, 7].map((s) => warmupStableDecay(s, o))).toEqual([1, 2, 2, 2]);
    expect(warmupStableDecay(8, o)).toBe(2); // decay starts at 12 − 4
    expect(warmupStableDecay(9, o)).toBeCloseTo(2 * (1 - Math.sqrt(0.25)), 12);
    expect(warmupStableDecay(12, o)).toBe(0);
  });
  it('supports linear and cosine cooldowns', () => {
    expect(warmupStableDecay(10, { ...o, decayShape: 'linear' })).toBeCloseTo(1, 12);
    expect(warmupStableDecay(10, { ...o, decayShape: 'cosine' })).toBeCloseTo(1, 12);
    expect(warmupStableDecay(9, { ...o, decayShape: 'cosine' })).toBeCloseTo(1 + Math.cos(Math.PI / 4), 12);
  });
  it('refuses a decay longer than the post-warmup run', () => {
    expect(() => warmupStableDecay(0, { ...o, decaySteps: 11 })).toThrow(
      /'decaySteps' = 11[\s\S]*totalSteps − warmupSteps = 10/,
    );
  });
});
