import { describe, expect, it } from 'vitest';
import {
  claimInferenceCost,
  costAtQuality,
  equalQualityTarget,
  type InferenceRun,
} from './claim-inference-cost.js';

import { TEST_STATS } from './claims.test-helpers.js';

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

  it('inconclusive with one seed per objective or a missing sweep', () => {
    const one = claimInferenceCost(
      {
        runs: { flow: [sweep(0, 1e11, 20)], masked: [sweep(0, 1e10, 20)], 'next-token': [sweep(0, 1e9, 20)] },
      },
      TEST_STATS,
    );
    expect(one.verdict).toBe('inconclusive');
    expect(one.reason).toMatch(/Too few points: only 1 seed and 1 value for flow/);
    expect(claimInferenceCost({ runs: { flow: [sweep(0, 1e9, 20)] } }, TEST_STATS).reason).toMatch(
      /no inference sweep for masked, next-token/,
    );
  });
});
