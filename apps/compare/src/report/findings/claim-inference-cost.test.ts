import { describe, expect, it } from 'vitest';
import {
  claimInferenceCost,
  costAtQuality,
  equalQualityTarget,
  type InferenceRun,
} from './claim-inference-cost.js';
import { TEST_STATS } from './claims.test-helpers.js';
import { formatEstimate } from './finding.js';

/** An inference sweep whose FD falls from `fd0` as FLOPs grow from `flops0` in 4 doublings. */
function sweep(seed: number, flops0: number, fd0: number): InferenceRun {
  return { seed, points: [0, 1, 2, 3].map((i) => ({ flops: flops0 * 2 ** i, fd: fd0 - 3 * i })) };
}

describe('claim 2: inference cost at equal quality', () => {
  it('target is the worst best-FD; cost is the cheapest setting reaching it', () => {
    const runs = [sweep(0, 1e9, 20), sweep(1, 1e9, 24)]; // best FDs 11 and 15
    expect(equalQualityTarget(runs)).toBe(15);
    expect(costAtQuality(runs[0]!, 15)).toBe(4e9); // FDs 20, 17 miss; 14 at 4e9 reaches
    expect(costAtQuality(runs[1]!, 15)).toBe(8e9);
  });

  it('supported when next-token reaches the target quality at a fraction of the others’ FLOPs', () => {
    const f = claimInferenceCost(
      {
        runs: {
          flow: [sweep(0, 1e11, 20), sweep(1, 1.2e11, 20.5), sweep(2, 0.9e11, 19.5)],
          masked: [sweep(0, 1e10, 20), sweep(1, 1.1e10, 20.2), sweep(2, 0.8e10, 19.8)],
          'next-token': [sweep(0, 1e9, 20), sweep(1, 1.1e9, 20.1), sweep(2, 0.9e9, 19.9)],
        },
      },
      TEST_STATS,
    );
    expect(f.verdict).toBe('supported');
    // target 11.5 (flow seed 1's best); every run needs its 4th setting: flow 8e11, 9.6e11, 7.2e11 and
    // next-token 8e9, 8.8e9, 7.2e9 → mean log10 ratio 2 + log10(9.6 / 8.8) / 3
    expect(f.comparisons[0]!.estimate.estimate).toBeCloseTo(2 + Math.log10(9.6 / 8.8) / 3, 12);
    expect(f.notes.join('\n')).toMatch(/next-token is 102\.9× cheaper/);
  });

  it('not supported when next-token costs the most', () => {
    const f = claimInferenceCost(
      {
        runs: {
          flow: [sweep(0, 1e9, 20), sweep(1, 1.1e9, 20)],
          masked: [sweep(0, 1e10, 20), sweep(1, 1.2e10, 20)],
          'next-token': [sweep(0, 1e11, 20), sweep(1, 1.1e11, 20)],
        },
      },
      TEST_STATS,
    );
    expect(f.verdict).toBe('not supported');
  });

  it('inconclusive when seeds disagree more than objectives differ', () => {
    const f = claimInferenceCost(
      {
        runs: {
          flow: [sweep(0, 1e9, 20), sweep(1, 4e9, 20), sweep(2, 2e9, 20)],
          masked: [sweep(0, 0.5e9, 20), sweep(1, 4e9, 20), sweep(2, 1e9, 20)],
          'next-token': [sweep(0, 3e9, 20), sweep(1, 0.6e9, 20), sweep(2, 1.5e9, 20)],
        },
      },
      TEST_STATS,
    );
    expect(f.verdict).toBe('inconclusive');
  });

  it('one seed: the exact cost ratio as a point estimate, no interval, verdict inconclusive', () => {
    const one = claimInferenceCost(
      {
        runs: { flow: [sweep(0, 1e11, 20)], masked: [sweep(0, 1e10, 20)], 'next-token': [sweep(0, 1e9, 20)] },
      },
      TEST_STATS,
    );
    // target = worst best-FD = 11; every run needs its 4th setting: 8e11, 8e10, 8e9 FLOPs per image
    expect(one.verdict).toBe('inconclusive');
    expect(one.comparisons.map((c) => c.estimate.estimate)).toEqual([
      Math.log10(8e11) - Math.log10(8e9),
      Math.log10(8e10) - Math.log10(8e9),
    ]);
    expect(one.comparisons.map((c) => c.side)).toEqual(['too-few', 'too-few']);
    expect(one.comparisons[0]!.estimate.low).toBeNaN();
    expect(one.reason).toBe(
      'Inconclusive (one seed of flow, masked, next-token): point estimate at target FD 11.00: next-token is ' +
        '100× cheaper than flow and 10.0× cheaper than masked per image — exact FLOPs, but which setting ' +
        'reaches the target is one draw of training and sampling noise, so there is no interval; train ≥ 2 ' +
        'seeds per objective for one.',
    );
    expect(one.notes[0]).toBe(
      'Point estimate at target FD 11.00: next-token is 100× cheaper than flow and 10.0× cheaper than masked ' +
        'per image (one seed: no interval).',
    );
    expect(formatEstimate(one.comparisons[1]!.estimate)).toMatch(
      /^\+1\.000 \(point estimate, no interval: only 1 seed and 1 value for masked/,
    );
    expect(one.rule).toMatch(
      /With one seed of an objective the cost ratio at the target is reported as a point/,
    );
  });

  it('one seed never refutes either: a costlier next-token stays inconclusive, with the ratio', () => {
    const f = claimInferenceCost(
      {
        runs: { flow: [sweep(0, 1e9, 20)], masked: [sweep(0, 4e9, 20)], 'next-token': [sweep(0, 2e9, 20)] },
      },
      TEST_STATS,
    );
    expect(f.verdict).toBe('inconclusive');
    expect(f.reason).toMatch(/next-token is 2\.00× costlier than flow and 2\.00× cheaper than masked/);
  });

  it('one seed of next-token alone keeps both comparisons open; the others’ seeds are averaged', () => {
    const f = claimInferenceCost(
      {
        runs: {
          flow: [sweep(0, 1e11, 20), sweep(1, 4e11, 20)],
          masked: [sweep(0, 1e10, 20), sweep(1, 1e10, 20)],
          'next-token': [sweep(0, 1e9, 20)],
        },
      },
      TEST_STATS,
    );
    expect(f.verdict).toBe('inconclusive');
    expect(f.reason).toMatch(
      /^Inconclusive \(one seed of next-token\): .*next-token is 200× cheaper than flow/,
    );
    // flow: mean log10 of 8e11 and 3.2e12 against next-token's 8e9 → 2 + log10(4) / 2 = log10(200)
    expect(f.comparisons[0]!.estimate.estimate).toBeCloseTo(Math.log10(200), 12);
  });

  it('a missing sweep leaves the claim without numbers', () => {
    expect(claimInferenceCost({ runs: { flow: [sweep(0, 1e9, 20)] } }, TEST_STATS).reason).toMatch(
      /no inference sweep for masked, next-token/,
    );
  });
});
