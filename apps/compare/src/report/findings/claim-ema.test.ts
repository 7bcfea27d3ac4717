import { describe, expect, it } from 'vitest';
import { claimEma, type EmaPair, emaBenefit } from './claim-ema.js';
import { jitter, TEST_STATS } from './claims.test-helpers.js';

/** n models whose EMA improves FD by `benefit` ± `spread` (relative). */
function pairs(n: number, benefit: number, spread: number, offset = 0): EmaPair[] {
  return Array.from({ length: n }, (_, i) => ({
    raw: 40,
    ema: 40 * (1 - benefit - spread * jitter(i + offset)),
  }));
}

describe('claim 4: EMA matters more for diffusion', () => {
  it('benefit is the relative FD improvement', () => {
    expect(emaBenefit({ raw: 40, ema: 30 })).toBeCloseTo(0.25, 12);
  });

  it('supported when flow gains clearly more from EMA', () => {
    const f = claimEma(
      {
        pairs: {
          flow: pairs(6, 0.3, 0.03),
          masked: pairs(6, 0.05, 0.02, 10),
          'next-token': pairs(6, 0.02, 0.02, 20),
        },
      },
      TEST_STATS,
    );
    expect(f.verdict).toBe('supported');
    expect(f.comparisons[0]!.estimate.estimate).toBeCloseTo(0.25, 1);
  });

  it('not supported when a token method gains more', () => {
    const f = claimEma(
      {
        pairs: {
          flow: pairs(6, 0.02, 0.01),
          masked: pairs(6, 0.3, 0.02, 10),
          'next-token': pairs(6, 0.02, 0.01, 20),
        },
      },
      TEST_STATS,
    );
    expect(f.verdict).toBe('not supported');
  });

  it('inconclusive when benefits overlap', () => {
    const from = (benefits: number[]) => benefits.map((b) => ({ raw: 40, ema: 40 * (1 - b) }));
    const f = claimEma(
      {
        pairs: {
          flow: from([0.05, 0.15, 0.1, 0.12]),
          masked: from([0.12, 0.04, 0.09, 0.14]),
          'next-token': from([0.08, 0.13, 0.06, 0.11]),
        },
      },
      TEST_STATS,
    );
    expect(f.verdict).toBe('inconclusive');
  });

  it('inconclusive with one model per objective or no EMA evaluations', () => {
    const f = claimEma(
      { pairs: { flow: pairs(1, 0.3, 0), masked: pairs(1, 0, 0), 'next-token': pairs(1, 0, 0) } },
      TEST_STATS,
    );
    expect(f.reason).toMatch(/only 1 seed and 1 value/);
    expect(claimEma({ pairs: {} }, TEST_STATS).reason).toBe(
      'Too few points: no raw and EMA evaluations of flow, masked, next-token.',
    );
  });
});
