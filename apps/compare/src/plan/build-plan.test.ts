import { planMilestones } from '@flopmatch/trainer';
import { describe, expect, it } from 'vitest';
import { registryPricing } from '../registries/registry-pricing.js';
import { trainerPlanner } from '../registries/trainer-planner.js';
import { type Sweep, SweepSchema } from '../sweep/sweep-schema.js';
import { TEST_SWEEP, testRegistries } from '../testing/test-registries.js';
import { buildPlan } from './build-plan.js';
import { simulateSchedule } from './estimate-time.js';

const sweep: Sweep = SweepSchema.parse(TEST_SWEEP);
const units = buildPlan(sweep, registryPricing(testRegistries(), trainerPlanner));
const byId = new Map(units.map((u) => [u.id, u]));

describe('buildPlan', () => {
  it('creates every unit of the grid with its dependencies', () => {
    const kinds: Record<string, number> = {};
    for (const u of units) kinds[u.kind] = (kinds[u.kind] ?? 0) + 1;
    // 3 objectives × 1 size × 1 codec each × 2 seeds = 6 runs; 3 milestones × raw/EMA = 6 evals per run;
    // an inference sweep (EMA weights, last milestone, first seed) only for flow, whose sweep has points.
    expect(kinds).toEqual({
      'eval-nets': 1,
      codec: 2,
      latents: 2,
      'lr-pick': 3,
      train: 6,
      eval: 36,
      inference: 1,
      report: 1,
    });
    expect(byId.get('train.flow.d8.vae.s1')?.dependsOn).toEqual(['lr-pick.flow.d8.vae', 'latents.vae']);
    expect(byId.get('lr-pick.flow.d8.vae')?.dependsOn).toEqual(['latents.vae']);
    expect(byId.get('eval.masked.d8.vq.s0.m2.ema')?.dependsOn).toEqual([
      'train.masked.d8.vq.s0',
      'eval-nets',
      'codec.vq',
    ]);
    expect(byId.has('inference.flow.d8.vae.s0.m2.ema')).toBe(true);
    expect(byId.has('inference.flow.d8.vae.s0.m2.raw')).toBe(false);
    expect(byId.get('report')?.dependsOn).toHaveLength(2 + 36 + 1);
    expect(byId.has('inference.flow.d8.vae.s1.m2.ema')).toBe(false);
    // Valid order: every dependency comes first.
    const seen = new Set<string>();
    for (const u of units) {
      for (const d of u.dependsOn) expect(seen.has(d), `${u.id} before ${d}`).toBe(true);
      seen.add(u.id);
    }
  });

  it('prices each unit from the ledger: trainer plan, sampler estimates, codec and feature costs', () => {
    // Training: 1e5 model FLOPs per example × batch 4 per step, WSD milestones at 1e7, 2e7, 4e7.
    const want = planMilestones({
      budgetFlops: 4e7,
      stepFlops: { model: 4e5, executed: 6e5 },
      fractions: [0.25, 0.5, 1],
      schedule: 'wsd',
      cooldownFraction: 0.2,
      warmupSteps: 0,
    });
    expect(byId.get('train.masked.d8.vq.s0')?.flops).toEqual(want.flops.total);
    // 100 steps main run to the last branch (80) + cooldowns 5 + 10 + 20 = 115 steps of 4e5.
    expect(want.flops.total.model).toBeCloseTo(115 * 4e5, 0);
    // Eval of flow with Euler, 4 steps, no guidance: 4 calls of 1e4 (executed 1.2e4) + decode 2e6, plus
    // features 5e5 + 1e5 per image, for N = 8 images.
    expect(byId.get('eval.flow.d8.vae.s0.m0.raw')?.flops).toEqual({
      model: 8 * (4 * 1e4 + 2e6 + 6e5),
      executed: 8 * (4 * 1.2e4 + 2e6 + 6e5),
    });
    // Next-token with guidance 2: prefill (100/row) + Σ_p (200 + p)/row over 16 positions, on 2 rows.
    const steps = Array.from({ length: 16 }, (_, p) => 200 + p).reduce((a, b) => a + b, 0);
    expect(byId.get('eval.next-token.d8.vq.s0.m1.ema')?.flops.model).toBeCloseTo(
      8 * (2 * (100 + steps) + 2e6 + 6e5),
      6,
    );
    // Inference sweep: Heun 2 steps (3 evaluations) at cfg 1, and Euler 4 steps at cfg 2 (2 rows); each at
    // N = 4 for quality, plus 1 latency repeat and a throughput batch of 4 images.
    const heun = 3 * 1e4 + 2e6;
    const guided = 4 * 2 * 1e4 + 2e6;
    expect(byId.get('inference.flow.d8.vae.s0.m2.ema')?.flops.model).toBeCloseTo(
      (heun + guided) * (1 + 4) + 4 * (heun + 6e5) + 4 * (guided + 6e5),
      6,
    );
    // Latents: 64 training images through the encoder (1e6 each); lr pick: 2 candidates × the smallest budget.
    expect(byId.get('latents.vq')?.flops.model).toBe(64 * 1e6);
    expect(byId.get('lr-pick.flow.d8.vae')?.flops.model).toBe(2 * 1e7);
    // Baselines at N = 8 and 4: real sets A and B through the feature network, B through the CLIP embedder.
    expect(byId.get('eval-nets')?.flops.model).toBe(2 * 12 * 5e5 + 12 * 1e5);
    // Codec: committed (no training); 2 × 8 held-out images encoded (1e6) and decoded (2e6), 8 featurised (5e5).
    expect(byId.get('codec.vq')?.flops.model).toBe(8 * (2 * (1e6 + 2e6) + 5e5));
  });

  it('keeps unit configs apart: changing the evaluation N leaves training configs unchanged', () => {
    const other = buildPlan(
      SweepSchema.parse({ ...TEST_SWEEP, evaluation: { ...TEST_SWEEP.evaluation, n: 16 } }),
      registryPricing(testRegistries(), trainerPlanner),
    );
    const o = new Map(other.map((u) => [u.id, u]));
    expect(o.get('train.flow.d8.vae.s0')?.config).toEqual(byId.get('train.flow.d8.vae.s0')?.config);
    expect(o.get('eval.flow.d8.vae.s0.m0.raw')?.config).not.toEqual(
      byId.get('eval.flow.d8.vae.s0.m0.raw')?.config,
    );
  });
});

describe('simulateSchedule', () => {
  const u = (id: string, dependsOn: string[] = []) => ({ ...units[0]!, id, dependsOn });
  it('runs independent units in parallel and chains dependent ones', () => {
    const plan = [u('a'), u('b'), u('c', ['a']), u('d', ['b', 'c'])];
    const seconds = (x: { id: string }) => ({ a: 10, b: 4, c: 3, d: 1 })[x.id as 'a']!;
    expect(simulateSchedule(plan, seconds, 2).seconds).toBe(14); // a(0–10) ‖ b(0–4); c(10–13); d(13–14)
    expect(simulateSchedule(plan, seconds, 1).seconds).toBe(18);
    expect(simulateSchedule(plan, seconds, 2, new Set(['a'])).seconds).toBe(5); // b(0–4) ‖ c(0–3); d(4–5)
  });
});

describe('buildPlan refusals', () => {
  it('names the sweep fields when a budget is too small for the trainer', () => {
    const tiny = SweepSchema.parse({ ...TEST_SWEEP, training: { ...TEST_SWEEP.training, warmupSteps: 21 } });
    expect(() => buildPlan(tiny, registryPricing(testRegistries(), trainerPlanner))).toThrow(
      /training\.budgets = .*flow on size d8 with codec vae: milestones\[0\] = 0\.25: branches at step \d+ \(of 25\), inside the 21-step warmup.*fix: raise training\.budgets\.min/s,
    );
  });
});
