import { ConfigError, Rng } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SamplerError } from './errors.js';
import { EulerSampler } from './flow-euler.js';
import type { HeunSampler } from './flow-heun.js';
import { createFakeContinuousCodec } from './testing/fake-codecs.js';
import { createGaussianFlowModel } from './testing/gaussian-flow-model.js';
import { createRecordingMaskedModel } from './testing/recording-masked-model.js';

const SIGMA = 0.5;
const model = createGaussianFlowModel({ sigma: SIGMA, latentShape: { height: 2, width: 3, channels: 2 } });
const codec = createFakeContinuousCodec({ latentShape: model.latentShape, decodePerImage: 777 });
const RED = 'a red circle'; // μ = 1.5
const BLUE = 'a blue square'; // μ = −1

/** The noise the sampler starts from, re-drawn independently in float64. */
function noiseFor(seed: number, count: number): number[] {
  const stream = new Rng(seed).split('flow-noise');
  return Array.from({ length: count }, () => Math.fround(stream.normal()));
}

/** Float64 Euler on the closed-form Gaussian velocity (an independent reference). */
function referenceEuler(eps: number, mu: number, times: number[]): number {
  const v = (x: number, t: number) => {
    const s2 = (1 - t) ** 2 * SIGMA ** 2 + t * t;
    return -mu + ((t - (1 - t) * SIGMA ** 2) / s2) * (x - (1 - t) * mu);
  };
  let x = eps;
  for (let i = 0; i + 1 < times.length; i++) x += (times[i + 1]! - times[i]!) * v(x, times[i]!);
  return x;
}

/** Largest |x(0) − (μ + σ·ε)| over a run: the endpoint error against the exact flow. */
async function endpointError(sampler: EulerSampler | HeunSampler, seed: number, mu = 1.5): Promise<number> {
  const n = 4;
  const { latents, images } = await sampler.sample({ model, codec, prompts: [RED], n, seed });
  const eps = noiseFor(seed, latents.size);
  const x = latents.dataSync();
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - (mu + SIGMA * eps[i]!)));
  tf.dispose([latents, images]);
  return worst;
}

afterAll(() => model.dispose());

describe('EulerSampler', () => {
  forEachBackend(['cpu', 'wasm'], () => {
    it('matches a float64 Euler integration of the same noise, with and without shift', async () => {
      for (const shift of [1, 3]) {
        const euler = new EulerSampler({ steps: 7, shift });
        const { latents, images } = await euler.sample({
          model,
          codec,
          prompts: [RED, BLUE],
          n: 2,
          seed: 11,
        });
        const eps = noiseFor(11, latents.size);
        const perImage = latents.size / 2;
        const x = latents.dataSync();
        for (let i = 0; i < x.length; i++) {
          const mu = i < perImage ? 1.5 : -1;
          expect(x[i]).toBeCloseTo(referenceEuler(eps[i]!, mu, euler.timesteps()), 4);
        }
        tf.dispose([latents, images]);
      }
    });

    it('converges at order 1: halving the step halves the endpoint error', async () => {
      const e16 = await endpointError(new EulerSampler({ steps: 16 }), 3);
      const e32 = await endpointError(new EulerSampler({ steps: 32 }), 3);
      expect(e16 / e32).toBeGreaterThan(1.8);
      expect(e16 / e32).toBeLessThan(2.2);
    });

    it('decodes with the codec, is deterministic per seed and leaks no tensor', async () => {
      const euler = new EulerSampler({ steps: 3 });
      const before = tf.memory().numTensors;
      const a = await euler.sample({ model, codec, prompts: [BLUE], n: 3, seed: 5 });
      expect(tf.memory().numTensors).toBe(before + 2); // images + latents
      const b = await euler.sample({ model, codec, prompts: [BLUE], n: 3, seed: 5 });
      const c = await euler.sample({ model, codec, prompts: [BLUE], n: 3, seed: 6 });
      expect(Array.from(a.latents.dataSync())).toEqual(Array.from(b.latents.dataSync()));
      expect(Array.from(a.latents.dataSync())).not.toEqual(Array.from(c.latents.dataSync()));
      const tanh = Array.from(a.latents.dataSync()).map(Math.tanh);
      for (const [i, v] of Array.from(a.images.dataSync()).entries()) expect(v).toBeCloseTo(tanh[i]!, 5);
      expect(a.images.shape).toEqual([3, 2, 3, 2]);
      expect(a.prompts).toEqual([BLUE, BLUE, BLUE]);
      tf.dispose([a.images, a.latents, b.images, b.latents, c.images, c.latents]);
    });
  });
});

describe('EulerSampler cost and errors', () => {
  beforeAll(async () => {
    await initRuntime({ backend: 'cpu' });
  });

  it('charges steps × callFlops(2N) with guidance, plus n decodes, exactly as estimated', async () => {
    const euler = new EulerSampler({ steps: 6 });
    const calls = { ...model.calls };
    const { cost, images, latents } = await euler.sample({
      model,
      codec,
      prompts: [RED, BLUE, RED],
      n: 3,
      seed: 1,
      cfgScale: 4,
    });
    expect(model.calls.count - calls.count).toBe(6); // one batched call per step
    expect(model.calls.rows - calls.rows).toBe(36); // 6 calls × 2N rows
    // backbone: 6 × 6 rows × {1000, 1200}; decoder 3 × 777
    expect(cost.flops.backbone).toEqual({ model: 36_000, executed: 43_200 });
    expect(cost.flops.decoder).toEqual({ model: 2331, executed: 2331 });
    expect(cost.flops.total).toEqual({ model: 38_331, executed: 45_531 });
    expect(cost.flops.perImage.model).toBeCloseTo(12_777, 9);
    expect(cost.flops.perImage.executed).toBeCloseTo(15_177, 9);
    expect([cost.nfe, cost.cfgPasses, cost.sequentialEvals, cost.batch]).toEqual([6, 2, 6, 3]);
    expect(cost.wallMs).toBeGreaterThan(0);
    expect(cost.peakBytes).toBeGreaterThanOrEqual(2 * 3 * 2 * 3 * 2 * 4); // at least x and the 2N-row velocity
    const { wallMs, peakBytes, ...measured } = cost;
    expect(euler.estimateCost({ model, codec, n: 3, cfgScale: 4 })).toEqual(measured);
    // without guidance: one pass of N rows
    expect(euler.estimateCost({ model, codec, n: 3 }).flops.backbone).toEqual({
      model: 18_000,
      executed: 21_600,
    });
    tf.dispose([images, latents]);
  });

  it('validates options and requests with messages that name the field and the fix', async () => {
    expect(() => new EulerSampler({ steps: 0 })).toThrow(ConfigError);
    expect(() => new EulerSampler({ steps: 2.5 })).toThrow(/steps = 2.5/);
    expect(() => new EulerSampler({ shift: -1 })).toThrow(/shift = -1/);
    expect(() => new EulerSampler({ stpes: 3 } as never)).toThrow(/remove or correct 'stpes'/);
    const euler = new EulerSampler({ steps: 2 });
    await expect(euler.sample({ model, codec, prompts: [RED], n: 0, seed: 1 })).rejects.toThrow(/n = 0/);
    await expect(euler.sample({ model, codec, prompts: [], n: 1, seed: 1 })).rejects.toThrow(
      /prompts is empty/,
    );
    await expect(euler.sample({ model, codec, prompts: [RED], n: 1, seed: 0.5 })).rejects.toThrow(
      /seed = 0.5/,
    );
    const masked = createRecordingMaskedModel();
    await expect(euler.sample({ model: masked, codec, prompts: [RED], n: 1, seed: 1 })).rejects.toThrow(
      SamplerError,
    );
    await expect(euler.sample({ model: masked, codec, prompts: [RED], n: 1, seed: 1 })).rejects.toThrow(
      /'masked' model[\s\S]*fix: use a sampler for 'masked' models \(sampler:maskgit\)/,
    );
    const small = createFakeContinuousCodec({ latentShape: { height: 2, width: 2, channels: 2 } });
    expect(() => euler.estimateCost({ model, codec: small, n: 1 })).toThrow(/2×3×2 does not match codec/);
    masked.dispose();
    const broken = { ...model, velocity: (x: tf.Tensor4D) => tf.zeros([x.shape[0], 1, 1, 1]) as tf.Tensor4D };
    const before = tf.memory().numTensors;
    await expect(euler.sample({ model: broken, codec, prompts: [RED], n: 1, seed: 1 })).rejects.toThrow(
      /sampler:euler: model.velocity returned shape \[1, 1, 1, 1\], expected \[1, 2, 3, 2\]/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
