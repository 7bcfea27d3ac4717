// The worked example of docs/swap-a-component.md: a midpoint flow sampler in one plugin file, registered
// by name and named from a sweep config.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initRuntime } from '@flopmatch/runtime';
import { HeunSampler } from '@flopmatch/samplers';
import { createFakeContinuousCodec, createGaussianFlowModel } from '@flopmatch/samplers/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPlan } from '../plan/build-plan.js';
import { loadSweep } from '../sweep/load-sweep.js';
import { defaultRegistries } from './default-registries.js';
import { applyPlugins } from './load-plugins.js';
import { registryPricing } from './registry-pricing.js';
import { trainerPlanner } from './trainer-planner.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');
const plugin = join(examples, 'midpoint-sampler.mjs');

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('the midpoint-sampler plugin example', () => {
  it('registers sampler:midpoint beside the built-ins', async () => {
    const r = await applyPlugins(defaultRegistries(), [plugin]);
    expect(r.samplers.ids()).toEqual([
      'sampler:euler',
      'sampler:heun',
      'sampler:maskgit',
      'sampler:midpoint',
      'sampler:next-token',
    ]);
    await expect(applyPlugins(r, [plugin])).rejects.toThrow(/duplicate registration of 'sampler:midpoint'/);
  });

  it('integrates the flow ODE far better than Euler at equal evaluations, priced at 2 per step', async () => {
    const r = await applyPlugins(defaultRegistries(), [plugin]);
    const model = createGaussianFlowModel({ sigma: 0.5 });
    const codec = createFakeContinuousCodec({ latentShape: model.latentShape });
    const request = { model, codec, prompts: ['a red circle', 'a blue square'], n: 2, seed: 7 };
    const latents = async (sampler: { sample: HeunSampler['sample'] }) => {
      const out = await sampler.sample(request);
      const values = Array.from(out.latents.dataSync());
      out.images.dispose();
      out.latents.dispose();
      return { values, cost: out.cost };
    };
    const exact = (await latents(new HeunSampler({ steps: 400 }))).values; // reference solution
    const error = async (steps: number) => {
      const { values, cost } = await latents(r.samplers.get('sampler:midpoint')({ steps }));
      expect(cost.nfe).toBe(2 * steps);
      expect(cost.flops.backbone).toEqual({ model: 2 * steps * 2 * 1000, executed: 2 * steps * 2 * 1200 });
      return Math.max(...values.map((v, i) => Math.abs(v - exact[i]!)));
    };
    const e4 = await error(4);
    const e8 = await error(8);
    const e16 = await error(16);
    // Converges, and far faster than Euler at the same number of evaluations (8 Euler steps = 4 midpoint).
    expect(e4).toBeGreaterThan(e8);
    expect(e8).toBeGreaterThan(e16);
    expect(e16).toBeLessThan(1e-4);
    const euler = (await latents(r.samplers.get('sampler:euler')({ steps: 8 }))).values;
    const eulerError = Math.max(...euler.map((v, i) => Math.abs(v - exact[i]!)));
    expect(eulerError / e4).toBeGreaterThan(5);
    model.dispose();
  });

  it('is used from a sweep config: the plan prices flow evaluations with it', async () => {
    const demo = await loadSweep({ preset: 'demo', cwd: examples, registries: defaultRegistries() });
    const mid = await loadSweep({
      preset: 'demo',
      file: 'midpoint-sweep.json',
      cwd: examples,
      registries: defaultRegistries(),
    });
    expect(mid.sweep.plugins).toEqual([plugin]);
    expect(mid.sweep.sampling.flow?.default).toEqual({ sampler: 'sampler:midpoint', options: { steps: 8 } });
    const plan = (l: typeof demo) =>
      new Map(buildPlan(l.sweep, registryPricing(l.registries, trainerPlanner)).map((u) => [u.id, u]));
    const a = plan(demo);
    const b = plan(mid);
    // Midpoint with 8 steps is 16 evaluations, as Euler with 16 steps: the same FLOPs per image.
    const id = [...b.keys()].find((k) => k.startsWith('eval.flow.'))!;
    expect(b.get(id)?.flops).toEqual(a.get(id)?.flops);
    expect(b.get(id)?.config.sampler).toEqual({ sampler: 'sampler:midpoint', options: { steps: 8 } });
  });
});
