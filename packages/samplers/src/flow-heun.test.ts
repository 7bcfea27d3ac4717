import { Rng } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EulerSampler } from './flow-euler.js';
import { HeunSampler } from './flow-heun.js';
import { createFakeContinuousCodec } from './testing/fake-codecs.js';
import { createGaussianFlowModel } from './testing/gaussian-flow-model.js';

const SIGMA = 0.5;
const model = createGaussianFlowModel({ sigma: SIGMA });
const codec = createFakeContinuousCodec({ latentShape: model.latentShape });

/** max |x(0) − (μ + σ·ε)| for a run, with ε re-drawn from the sampler's noise stream. */
async function endpointError(sampler: HeunSampler | EulerSampler, mu: number, cfgScale = 1): Promise<number> {
  const { latents, images } = await sampler.sample({
    model,
    codec,
    prompts: ['a red circle'],
    n: 4,
    seed: 21,
    cfgScale,
  });
  const stream = new Rng(21).split('flow-noise');
  const x = latents.dataSync();
  let worst = 0;
  for (let i = 0; i < x.length; i++)
    worst = Math.max(worst, Math.abs(x[i]! - (mu + SIGMA * Math.fround(stream.normal()))));
  tf.dispose([latents, images]);
  return worst;
}

afterAll(() => model.dispose());

describe('HeunSampler', () => {
  forEachBackend(['cpu', 'wasm'], () => {
    it('converges at order 2: halving the step divides the endpoint error by about 4', async () => {
      const e8 = await endpointError(new HeunSampler({ steps: 8 }), 1.5);
      const e16 = await endpointError(new HeunSampler({ steps: 16 }), 1.5);
      const e32 = await endpointError(new HeunSampler({ steps: 32 }), 1.5);
      expect(e8 / e16).toBeGreaterThan(3.6);
      expect(e8 / e16).toBeLessThan(4.8);
      expect(e16 / e32).toBeGreaterThan(3.6);
      expect(e16 / e32).toBeLessThan(4.8);
      // and beats Euler at about the same NFE (31 vs 32)
      expect(e16).toBeLessThan((await endpointError(new EulerSampler({ steps: 32 }), 1.5)) / 5);
    });

    it('lands on the guided Gaussian: μ_null + s·(μ_c − μ_null) = 0 + 3·1.5', async () => {
      expect(await endpointError(new HeunSampler({ steps: 32 }), 4.5, 3)).toBeLessThan(5e-3);
    });

    it('converges with the SD3 shift too', async () => {
      const e16 = await endpointError(new HeunSampler({ steps: 16, shift: 3 }), 1.5);
      const e32 = await endpointError(new HeunSampler({ steps: 32, shift: 3 }), 1.5);
      expect(e16 / e32).toBeGreaterThan(3.4);
      expect(e16 / e32).toBeLessThan(4.6);
    });
  });
});

describe('HeunSampler cost', () => {
  beforeAll(async () => {
    await initRuntime({ backend: 'cpu' });
  });

  it('counts 2 evaluations per step except the final Euler step: NFE = 2·steps − 1', async () => {
    const heun = new HeunSampler({ steps: 5 });
    const before = model.calls.count;
    const { cost, images, latents } = await heun.sample({
      model,
      codec,
      prompts: ['a blue square'],
      n: 2,
      seed: 0,
      cfgScale: 2,
    });
    expect(model.calls.count - before).toBe(9);
    expect([cost.nfe, cost.sequentialEvals, cost.cfgPasses]).toEqual([9, 9, 2]);
    // 9 calls × 4 rows × {1000, 1200} + 2 × 777
    expect(cost.flops.backbone).toEqual({ model: 36_000, executed: 43_200 });
    expect(cost.flops.total).toEqual({ model: 37_554, executed: 44_754 });
    const { wallMs, peakBytes, ...measured } = cost;
    expect(heun.estimateCost({ model, codec, n: 2, cfgScale: 2 })).toEqual(measured);
    expect(new HeunSampler({ steps: 1 }).estimateCost({ model, codec, n: 1 }).nfe).toBe(1);
    expect(new HeunSampler().options).toEqual({ steps: 25, shift: 1 });
    tf.dispose([images, latents]);
  });
});
