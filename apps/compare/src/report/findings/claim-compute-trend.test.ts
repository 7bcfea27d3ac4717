import { describe, expect, it } from 'vitest';
import { claimComputeTrend, type TrendPoint } from './claim-compute-trend.js';
import { jitter } from './claims.test-helpers.js';

/** FD = a + b·log10(C / 1e12) at budgets 1e12 … 1e14 (5 budgets), two seeds with jitter of size `noise`. */
function line(a: number, b: number, noise: number, budgets = 5): TrendPoint[] {
  const pts: TrendPoint[] = [];
  for (let i = 0; i < budgets; i++)
    for (const seed of [0, 1])
      pts.push({ flops: 1e12 * 10 ** (i / 2), fd: a + (b * i) / 2 + noise * jitter(i * 2 + seed) });
  return pts;
}

describe('claim 3: next-token leads early, diffusion catches up', () => {
  it('supported when next-token starts lower and flow falls faster; reports the crossover', () => {
    const f = claimComputeTrend(
      { points: { 'next-token': line(30, -4, 0.3), flow: line(50, -12, 0.3), masked: line(40, -8, 0.3) } },
      0.95,
    );
    expect(f.verdict).toBe('supported');
    expect(f.comparisons[1]!.estimate.estimate).toBeCloseTo(-8, 0);
    expect(f.notes.join('\n')).toMatch(/cross at [23]\.\de\+14 FLOPs/); // 30 − 4u = 50 − 12u at u = 2.5 → 3.2e14
  });

  it('not supported when flow leads at low compute', () => {
    const f = claimComputeTrend(
      { points: { 'next-token': line(50, -12, 0.3), flow: line(30, -4, 0.3) } },
      0.95,
    );
    expect(f.verdict).toBe('not supported');
    expect(f.reason).toMatch(/lies above 0/);
  });

  it('inconclusive when noise swamps the difference', () => {
    const f = claimComputeTrend({ points: { 'next-token': line(40, -8, 6), flow: line(41, -8.5, 6) } }, 0.95);
    expect(f.verdict).toBe('inconclusive');
    expect(f.reason).toMatch(/overlaps 0/);
  });

  it('inconclusive with fewer than three budgets, naming the objective', () => {
    const f = claimComputeTrend(
      { points: { 'next-token': line(30, -4, 0.3, 2), flow: line(50, -12, 0.3) } },
      0.95,
    );
    expect(f.verdict).toBe('inconclusive');
    expect(f.reason).toMatch(/next-token: 2 budgets; a trend needs ≥ 3/);
  });
});
