import { describe, expect, it } from 'vitest';
import { phaseLearningRate } from './learning-rate.js';
import { planMilestones } from './milestone-plan.js';
import { parseTrainerConfig } from './trainer-config.js';

const common = { budgetFlops: 100_000, batchSize: 1, promptLength: 4, milestones: [0.25, 1] };
const plan = (schedule: 'wsd' | 'cosine') =>
  planMilestones({
    budgetFlops: 100_000,
    stepFlops: { model: 1000, executed: 1000 },
    fractions: [0.25, 1],
    schedule,
    cooldownFraction: 0.2,
    warmupSteps: 4,
  });

describe('phaseLearningRate', () => {
  it('WSD: linear warmup, then the peak until each branch, then 1 − √ decay over its cooldown', () => {
    const config = parseTrainerConfig({
      ...common,
      optimizer: { lr: 0.01 },
      schedule: { kind: 'wsd', warmupSteps: 4, minLrFraction: 0.1 },
    });
    const small = plan('wsd').milestones[0]!;
    const full = plan('wsd').milestones[1]!;
    // small: N = 25, c = 5, s = 20; full: N = 100, c = 20, s = 80.
    expect([0, 1, 2, 3].map((s) => phaseLearningRate(s, config, full))).toEqual([
      0.0025, 0.005, 0.0075, 0.01,
    ]);
    for (const s of [4, 19, 20, 79]) expect(phaseLearningRate(s, config, full)).toBe(0.01); // the main run: stable
    for (const s of [0, 3, 10, 19])
      expect(phaseLearningRate(s, config, small)).toBe(phaseLearningRate(s, config, full));
    const min = 0.001;
    for (let j = 0; j < 5; j++) {
      expect(phaseLearningRate(20 + j, config, small)).toBeCloseTo(
        min + (0.01 - min) * (1 - Math.sqrt(j / 5)),
        15,
      );
    }
  });

  it('cosine: each budget decays over its own run to 10% of the peak by default', () => {
    const config = parseTrainerConfig({
      ...common,
      optimizer: { lr: 0.02 },
      schedule: { kind: 'cosine', warmupSteps: 4 },
    });
    const small = plan('cosine').milestones[0]!;
    expect(phaseLearningRate(3, config, small)).toBe(0.02);
    const at = (s: number) => 0.002 + 0.5 * 0.018 * (1 + Math.cos((Math.PI * (s - 4)) / 21));
    for (const s of [4, 10, 24]) expect(phaseLearningRate(s, config, small)).toBeCloseTo(at(s), 15);
  });
});
