import { describe, expect, it } from 'vitest';
import {
  bootstrapMeanDifference,
  bootstrapStatistic,
  insufficiency,
  meanOfMeans,
  quantileSorted,
} from './bootstrap.js';

const binary = (k: number, n: number) => Array.from({ length: n }, (_, i) => (i < k ? 1 : 0));

describe('bootstrap', () => {
  it('quantiles interpolate between order statistics (type 7)', () => {
    const s = [1, 2, 3, 4, 5];
    expect(quantileSorted(s, 0)).toBe(1);
    expect(quantileSorted(s, 0.5)).toBe(3);
    expect(quantileSorted(s, 0.1)).toBeCloseTo(1.4, 12);
    expect(quantileSorted(s, 1)).toBe(5);
  });

  it('point estimate is the mean of seed means', () => {
    expect(
      meanOfMeans([
        [1, 0],
        [1, 1, 1, 0],
      ]),
    ).toBeCloseTo((0.5 + 0.75) / 2, 12);
  });

  it('prompt-level interval of a difference of proportions matches the normal approximation', () => {
    // one seed each, 400 prompts: p = 0.6 vs 0.4 → SE = √(0.24/400 · 2), 95% half-width 1.96·SE ≈ 0.0679
    const d = bootstrapMeanDifference(
      { name: 'a', replicates: [binary(240, 400)] },
      { name: 'b', replicates: [binary(160, 400)] },
      { resamples: 4000, seed: 1 },
    );
    const half = 1.959964 * Math.sqrt((0.24 / 400) * 2);
    expect(d.estimate).toBeCloseTo(0.2, 12);
    expect(d.low).toBeCloseTo(0.2 - half, 2);
    expect(d.high).toBeCloseTo(0.2 + half, 2);
    expect(d.method).toMatch(/over prompts/);
  });

  it('seed-level interval stays inside the range of seed means and is reproducible by seed', () => {
    const groups = [{ name: 'fd', replicates: [[10], [12], [14], [16]] }];
    const e = bootstrapStatistic(groups, ([m]) => m!, { seed: 3 });
    expect(e.estimate).toBe(13);
    expect(e.low).toBeGreaterThanOrEqual(10);
    expect(e.high).toBeLessThanOrEqual(16);
    // bootstrap SD of the mean ≈ √(var_pop / 4) = √(5 / 4) ≈ 1.12, so the 95% interval spans ~±2
    expect(e.high - e.low).toBeGreaterThan(3);
    expect(e.method).toMatch(/over seeds/);
    expect(bootstrapStatistic(groups, ([m]) => m!, { seed: 3 })).toEqual(e);
    const prompts = [{ name: 'p', replicates: [binary(37, 90), binary(52, 90)] }];
    const again = bootstrapStatistic(prompts, ([m]) => m!, { seed: 4 });
    expect(bootstrapStatistic(prompts, ([m]) => m!, { seed: 4 })).toEqual(again);
    expect(bootstrapStatistic(prompts, ([m]) => m!, { seed: 5 })).not.toEqual(again);
  });

  it('two-stage resampling is wider than prompts alone when seeds disagree', () => {
    const seeds = [binary(30, 100), binary(70, 100)];
    const twoStage = bootstrapStatistic([{ name: 'x', replicates: seeds }], ([m]) => m!);
    const promptsOnly = bootstrapStatistic([{ name: 'x', replicates: [seeds.flat()] }], ([m]) => m!);
    expect(twoStage.high - twoStage.low).toBeGreaterThan(2 * (promptsOnly.high - promptsOnly.low));
  });

  it('refuses groups that cannot carry an interval, naming them', () => {
    expect(insufficiency('flow', [[12.5]])).toMatch(/only 1 seed and 1 value for flow/);
    expect(insufficiency('flow', [])).toMatch(/no data for flow/);
    expect(insufficiency('flow', [[1], [2]])).toBeUndefined();
    const d = bootstrapMeanDifference(
      { name: 'a', replicates: [[1], [2]] },
      { name: 'flow', replicates: [[3]] },
    );
    expect(d.tooFew).toMatch(/flow/);
    expect(Number.isNaN(d.low)).toBe(true);
  });
});
