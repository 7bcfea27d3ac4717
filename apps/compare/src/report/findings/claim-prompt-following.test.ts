import { describe, expect, it } from 'vitest';
import { claimPromptFollowing } from './claim-prompt-following.js';
import { outcomes, TEST_STATS } from './claims.test-helpers.js';

const seeds = (...ks: number[]) => ks.map((k) => outcomes(k, 200));
const run = (flow: number[][], masked: number[][], nt: number[][]) =>
  claimPromptFollowing(
    { scores: { flow, masked, 'next-token': nt }, normalised: true, context: 'test' },
    TEST_STATS,
  );

describe('claim 1: prompt following', () => {
  it('supported when both token methods clearly beat flow and next-token is not behind masked', () => {
    const f = run(seeds(80, 84, 78), seeds(140, 136, 142), seeds(160, 158, 164));
    expect(f.verdict).toBe('supported');
    expect(f.comparisons[0]!.estimate.estimate).toBeCloseTo((160 + 158 + 164 - 80 - 84 - 78) / 600, 12);
  });

  it('not supported when flow follows prompts better', () => {
    expect(run(seeds(160, 158, 164), seeds(100, 96, 104), seeds(90, 94, 88)).verdict).toBe('not supported');
  });

  it('not supported when masked clearly beats next-token (the order is part of the claim)', () => {
    const f = run(seeds(60, 62, 58), seeds(180, 178, 182), seeds(120, 124, 118));
    expect(f.verdict).toBe('not supported');
    expect(f.reason).toMatch(/next-token − masked lies below 0/);
  });

  it('inconclusive when intervals overlap zero', () => {
    const f = run(seeds(120, 100, 140), seeds(124, 104, 136), seeds(126, 110, 130));
    expect(f.verdict).toBe('inconclusive');
    expect(f.reason).toMatch(/overlaps 0/);
  });

  it('inconclusive with too few points, saying what is missing', () => {
    const f = run([[1]], [[1]], [[0]]);
    expect(f.verdict).toBe('inconclusive');
    expect(f.reason).toMatch(/^Too few points: only 1 seed and 1 value for next-token/);
    expect(f.reason.match(/for flow/g)).toHaveLength(1); // each reason once
    const g = claimPromptFollowing(
      { scores: { flow: seeds(1) }, normalised: true, context: 'x' },
      TEST_STATS,
    );
    expect(g.reason).toBe('Too few points: no prompt accuracy for masked, next-token.');
  });
});
