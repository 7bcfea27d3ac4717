import { initRuntime } from '@flopmatch/runtime';
import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NextTokenSampler, uncachedForwardFlops } from './next-token.js';
import { createFakeDiscreteCodec } from './testing/fake-codecs.js';
import { createTrigramNextTokenModel } from './testing/trigram-next-token-model.js';
import { row, tokenDistribution } from './token-sampling.js';

const model = createTrigramNextTokenModel(); // 3×3 grid, V = 6
const codec = createFakeDiscreteCodec({
  latentShape: model.latentShape,
  codebookSize: 6,
  decodePerImage: 777,
});
const TOKENS = 9;
const RED = 'a red circle'; // class 1
const BLUE = 'a blue square'; // class 2

async function tokensOf(sampler: NextTokenSampler, prompts: string[], n: number, seed: number, cfgScale = 1) {
  const { latents, images, cost } = await sampler.sample({ model, codec, prompts, n, seed, cfgScale });
  const ids = (latents.arraySync() as number[][][]).map((grid) => grid.flat());
  tf.dispose([latents, images]);
  return { ids, cost };
}

/** Guided logits after tokens a, b (−1 = START), float64 from the double's tables. */
function guidedAfter(classIndex: number, a: number, b: number, scale: number): number[] {
  const c = model.logitsAfter(classIndex, a, b);
  const u = model.logitsAfter(0, a, b);
  return c.map((value, v) => u[v]! + scale * (value - u[v]!));
}

afterAll(() => model.dispose());

describe('NextTokenSampler', () => {
  forEachBackend(['cpu', 'wasm'], () => {
    it('gives the same tokens with and without the KV cache for the same seed', async () => {
      const settings = [
        { cfgScale: 1, options: {} },
        { cfgScale: 2.5, options: { topK: 3 } },
        { cfgScale: 4, options: { topP: 0.8, temperature: 0.7 } },
      ];
      for (const { cfgScale, options } of settings) {
        for (const seed of [0, 1]) {
          const cached = await tokensOf(
            new NextTokenSampler({ ...options, useCache: true }),
            [RED, BLUE],
            3,
            seed,
            cfgScale,
          );
          const full = await tokensOf(
            new NextTokenSampler({ ...options, useCache: false }),
            [RED, BLUE],
            3,
            seed,
            cfgScale,
          );
          expect(full.ids).toEqual(cached.ids);
        }
      }
      expect(model.counts.liveStates).toBe(0); // every decoding state disposed
    });

    it('greedy decoding follows the argmax of the guided trigram logits', async () => {
      for (const scale of [1, 3]) {
        const { ids } = await tokensOf(new NextTokenSampler({ temperature: 0 }), [BLUE], 1, 0, scale);
        const expected: number[] = [];
        for (let p = 0; p < TOKENS; p++) {
          const logits = guidedAfter(2, expected[p - 2] ?? -1, expected[p - 1] ?? -1, scale);
          expected.push(logits.indexOf(Math.max(...logits)));
        }
        expect(ids[0]).toEqual(expected);
      }
    });
  });
});

describe('NextTokenSampler details', () => {
  beforeAll(async () => {
    await initRuntime({ backend: 'cpu' });
  });

  it('samples the first token from the top-k / top-p filtered distribution', async () => {
    const n = 3000;
    const settings = [
      { temperature: 1, topK: 2, topP: 1 },
      { temperature: 1, topK: 0, topP: 0.6 },
    ];
    for (const options of settings) {
      const { ids } = await tokensOf(new NextTokenSampler(options), [RED], n, 4);
      const expected = tokenDistribution(row(guidedAfter(1, -1, -1, 1)), options);
      expect(expected.filter((p) => p > 0).length).toBeLessThan(6); // the filter removes something
      for (let v = 0; v < 6; v++) {
        const frequency = ids.filter((r) => r[0] === v).length / n;
        if (expected[v] === 0) expect(frequency).toBe(0);
        else
          expect(Math.abs(frequency - expected[v]!)).toBeLessThan(
            4 * Math.sqrt((expected[v]! * (1 - expected[v]!)) / n) + 1e-3,
          );
      }
    }
  });

  it('is deterministic per seed', async () => {
    const sampler = new NextTokenSampler();
    const a = await tokensOf(sampler, [RED], 4, 10);
    expect((await tokensOf(sampler, [RED], 4, 10)).ids).toEqual(a.ids);
    expect((await tokensOf(sampler, [RED], 4, 11)).ids).not.toEqual(a.ids);
  });

  it('charges prefill + Σ stepFlops(B, p) with the cache, exactly as estimated', async () => {
    // per row: 300 + Σ_{p=0}^{8} (100 + 10·(1 + p)) = 300 + 900 + 450 = 1650 model FLOPs (executed 1.5×)
    const sampler = new NextTokenSampler();
    const before = { ...model.counts };
    const { cost } = await tokensOf(sampler, [RED, BLUE], 2, 0, 3);
    expect(model.counts.start - before.start).toBe(1);
    expect(model.counts.next - before.next).toBe(TOKENS);
    expect(cost.flops.backbone).toEqual({ model: 4 * 1650, executed: 4 * 2475 });
    expect(cost.flops.decoder).toEqual({ model: 1554, executed: 1554 });
    expect(cost.flops.total).toEqual({ model: 6600 + 1554, executed: 9900 + 1554 });
    expect([cost.nfe, cost.sequentialEvals, cost.cfgPasses, cost.batch]).toEqual([9, 9, 2, 2]);
    const { wallMs, peakBytes, ...measured } = cost;
    expect(sampler.estimateCost({ model, codec, n: 2, cfgScale: 3 })).toEqual(measured);
    expect(sampler.estimateCost({ model, codec, n: 2 }).flops.backbone.model).toBe(2 * 1650);
  });

  it('charges a full forward per position without the cache', async () => {
    // forward over prompt + p tokens = 300 + Σ_{q=0}^{p} (100 + 10·(1 + q)); summed over p = 0…8:
    // 9·300 + 100·45 + 5·Σ_{m=1}^{9} m(m+1) = 2700 + 4500 + 1650 = 8850 per row
    const sampler = new NextTokenSampler({ useCache: false });
    const before = { ...model.counts };
    const { cost } = await tokensOf(sampler, [RED], 3, 0);
    expect(model.counts.logits - before.logits).toBe(TOKENS);
    expect(model.counts.start).toBe(before.start);
    expect(cost.flops.backbone).toEqual({ model: 3 * 8850, executed: 3 * 8850 * 1.5 });
    const { wallMs, peakBytes, ...measured } = cost;
    expect(sampler.estimateCost({ model, codec, n: 3 })).toEqual(measured);
    // the cache saves the O(T²) recomputation: 1650 vs 8850 per row here
    expect(new NextTokenSampler().estimateCost({ model, codec, n: 3 }).flops.backbone.model).toBe(3 * 1650);
  });

  it("uses a model's own uncached-forward price when it has one", () => {
    const priced = createTrigramNextTokenModel({ priceUncachedForward: true });
    expect(uncachedForwardFlops(priced, 2, 3)).toEqual({
      model: 2 * (300 + 4 * 100 + 10 * 10),
      executed: 2 * 800 * 2,
    });
    expect(uncachedForwardFlops(model, 2, 3)).toEqual({ model: 1600, executed: 2400 });
    const cost = new NextTokenSampler({ useCache: false }).estimateCost({ model: priced, codec, n: 1 });
    expect(cost.flops.backbone).toEqual({ model: 8850, executed: 17_700 });
  });

  it('frees everything it made, including the decoding state, on success and on failure', async () => {
    const before = tf.memory().numTensors;
    const result = await new NextTokenSampler().sample({
      model,
      codec,
      prompts: [RED],
      n: 2,
      seed: 3,
      cfgScale: 2,
    });
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([result.images, result.latents]);
    const broken = { ...model, next: () => tf.zeros([9, 9]) as tf.Tensor2D };
    await expect(
      new NextTokenSampler().sample({ model: broken, codec, prompts: [RED], n: 1, seed: 0 }),
    ).rejects.toThrow(/model.next returned shape \[9, 9\], expected \[1, 6\]/);
    expect(model.counts.liveStates).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('validates its options', () => {
    expect(() => new NextTokenSampler({ topP: 0 })).toThrow(/topP = 0/);
    expect(() => new NextTokenSampler({ topK: 1.5 })).toThrow(/topK = 1.5/);
    expect(() => new NextTokenSampler({ useCache: 'yes' as never })).toThrow(/useCache = "yes"/);
    expect(new NextTokenSampler().options).toEqual({ temperature: 1, topK: 0, topP: 1, useCache: true });
  });
});
