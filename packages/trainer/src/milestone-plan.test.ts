import { ConfigError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { milestoneId, planMilestones, stepsForFlops } from './milestone-plan.js';

const F = { model: 1000, executed: 1500 };
const base = { budgetFlops: 100_000, stepFlops: F, cooldownFraction: 0.2, warmupSteps: 5 } as const;

describe('planMilestones', () => {
  it('WSD: Nᵢ = ⌈Bᵢ/F⌉, cᵢ = round(κNᵢ), sᵢ = Nᵢ − cᵢ, charged Nᵢ·F (hand-computed)', () => {
    const plan = planMilestones({ ...base, fractions: [0.25, 0.5, 1], schedule: 'wsd' });
    expect(plan.milestones.map((m) => [m.id, m.steps, m.branchStep, m.ownSteps])).toEqual([
      ['milestone-0.25', 25, 20, 5],
      ['milestone-0.5', 50, 40, 10],
      ['milestone-1', 100, 80, 20],
    ]);
    expect(plan.milestones.map((m) => m.charged)).toEqual([
      { model: 25_000, executed: 37_500 },
      { model: 50_000, executed: 75_000 },
      { model: 100_000, executed: 150_000 },
    ]);
    expect(plan.mainSteps).toBe(80);
    expect(plan.flops).toEqual({
      main: { model: 80_000, executed: 120_000 },
      own: { model: 35_000, executed: 52_500 }, // cooldowns 5 + 10 + 20
      total: { model: 115_000, executed: 172_500 },
      separateRuns: { model: 175_000, executed: 262_500 },
    });
  });

  it('charges each milestone at or past its budget and less than one step beyond it', () => {
    const plan = planMilestones({
      ...base,
      budgetFlops: 99_500,
      fractions: [0.1, 1 / 3, 1],
      schedule: 'wsd',
    });
    for (const m of plan.milestones) {
      expect(m.charged.model).toBeGreaterThanOrEqual(m.targetFlops);
      expect(m.charged.model - m.targetFlops).toBeLessThan(F.model);
    }
    expect(plan.milestones.map((m) => m.steps)).toEqual([10, 34, 100]); // 9.95 → 10, 33.17 → 34, 99.5 → 100
    expect(plan.milestones[1]!.id).toBe('milestone-0.3333');
  });

  it('cosine: one run from scratch per budget, so the whole run costs what separate runs cost', () => {
    const plan = planMilestones({ ...base, fractions: [0.5, 1], schedule: 'cosine' });
    expect(plan.milestones.map((m) => [m.steps, m.branchStep, m.ownSteps])).toEqual([
      [50, 0, 50],
      [100, 0, 100],
    ]);
    expect(plan.mainSteps).toBe(0);
    expect(plan.flops.total).toEqual(plan.flops.separateRuns);
  });

  it('names the milestone that does not fit, with the fix', () => {
    const fail = (fractions: number[], extra = {}) => {
      try {
        planMilestones({ ...base, fractions, schedule: 'wsd', ...extra });
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(fail([0.01, 1])).toMatch(
      /milestones\[0\] = 0\.01: gives 1 step, too few for a cooldown \(fix: raise budgetFlops/,
    );
    expect(fail([0.05, 1])).toMatch(
      /milestones\[0\] = 0\.05: branches at step 4 \(of 5\), inside the 5-step warmup/,
    );
    // With B = 99 500: 0.5 → 49.75 → 50 steps and 0.502 → 49.95 → 50 steps.
    expect(fail([0.5, 0.502], { budgetFlops: 99_500 })).toMatch(
      /milestones\[1\] = 0\.502: gives 50 steps, the same as milestones\[0\] = 0\.5 \(fix: spread the fractions/,
    );
    expect(() =>
      planMilestones({ ...base, stepFlops: { model: 0, executed: 0 }, fractions: [1], schedule: 'wsd' }),
    ).toThrow(/must cost > 0 model FLOPs/);
  });
});

describe('stepsForFlops and milestoneId', () => {
  it('finds the first step count at or past the target despite rounding', () => {
    expect(stepsForFlops(3000, 1000)).toBe(3);
    expect(stepsForFlops(3001, 1000)).toBe(4);
    expect(stepsForFlops(0.3, 0.1)).toBe(3); // 0.3 / 0.1 = 2.9999999999999996 in floating point
    expect(stepsForFlops(5, 1000)).toBe(1);
    expect(milestoneId(0.125)).toBe('milestone-0.125');
    expect(milestoneId(1)).toBe('milestone-1');
  });
});
