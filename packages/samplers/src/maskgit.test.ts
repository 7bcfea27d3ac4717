import type { MaskedTokenModel } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SamplerError } from './errors.js';
import { MaskGitSampler } from './maskgit.js';
import { createFakeDiscreteCodec } from './testing/fake-codecs.js';
import { createRecordingMaskedModel } from './testing/recording-masked-model.js';
import { row, tokenDistribution } from './token-sampling.js';

const model = createRecordingMaskedModel({
  latentShape: { height: 4, width: 4, channels: 1 },
  codebookSize: 8,
});
const codec = createFakeDiscreteCodec({
  latentShape: model.latentShape,
  codebookSize: 8,
  decodePerImage: 500,
});
const TOKENS = 16;
const RED = 'a red circle'; // class 1
const BLUE = 'a blue square'; // class 2

/** The guided logits the sampler should see at position t for a class, computed in float64 from the tables. */
function guidedLogits(classIndex: number, t: number, scale: number): number[] {
  const c = model.logitsAt(classIndex, t);
  const u = model.logitsAt(0, t);
  return c.map((value, v) => u[v]! + scale * (value - u[v]!));
}
const argmax = (xs: number[]) => xs.indexOf(Math.max(...xs));
const maxLogProb = (xs: number[]) => {
  const m = Math.max(...xs);
  return -Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0));
};

async function run(sampler: MaskGitSampler, prompts: string[], n: number, seed: number, cfgScale = 1) {
  const first = model.calls.length;
  const result = await sampler.sample({ model, codec, prompts, n, seed, cfgScale });
  const calls = model.calls.slice(first);
  const ids = result.latents.arraySync() as number[][][];
  tf.dispose([result.images, result.latents]);
  return { ...result, calls, final: ids.map((grid) => grid.flat()) };
}

afterAll(() => model.dispose());

describe('MaskGitSampler', () => {
  forEachBackend(['cpu', 'wasm'], () => {
    it('masks per the cosine schedule, never re-masks, and ends with no mask', async () => {
      const { calls, final } = await run(new MaskGitSampler({ iterations: 4 }), [RED, BLUE, RED], 3, 7, 2);
      expect(calls).toHaveLength(4);
      const expectedMasked = [16, 14, 11, 6]; // before iterations 0…3: T, then the schedule [14, 11, 6, 0]
      calls.forEach((call, k) => {
        // guidance: one call of 2N rows, [cond ; null], the same ids in both halves
        expect(call.ids).toHaveLength(6);
        expect(call.isNull).toEqual([false, false, false, true, true, true]);
        expect(call.ids.slice(3)).toEqual(call.ids.slice(0, 3));
        for (const ids of call.ids)
          expect(ids.filter((id) => id === model.maskId)).toHaveLength(expectedMasked[k]!);
      });
      for (let b = 0; b < 3; b++) {
        expect(final[b]!.every((id) => id >= 0 && id < 8)).toBe(true);
        for (let t = 0; t < TOKENS; t++) {
          const history = [...calls.map((c) => c.ids[b]![t]!), final[b]![t]!];
          const firstDecoded = history.findIndex((id) => id !== model.maskId);
          // once decoded, a token keeps its value to the end
          expect(history.slice(firstDecoded).every((id) => id === history[firstDecoded])).toBe(true);
        }
      }
    });

    it('greedy decoding picks the argmax of the guided logits at every position', async () => {
      for (const scale of [1, 3]) {
        const { final } = await run(
          new MaskGitSampler({ iterations: 5, temperature: 0 }),
          [BLUE, RED],
          2,
          3,
          scale,
        );
        expect(final[0]).toEqual(Array.from({ length: TOKENS }, (_, t) => argmax(guidedLogits(2, t, scale))));
        expect(final[1]).toEqual(Array.from({ length: TOKENS }, (_, t) => argmax(guidedLogits(1, t, scale))));
      }
      // the check can fail: guidance changes at least one argmax for these tables
      const changed = Array.from(
        { length: TOKENS },
        (_, t) => argmax(guidedLogits(2, t, 1)) !== argmax(guidedLogits(2, t, 3)),
      );
      expect(changed.some(Boolean)).toBe(true);
    });
  });
});

describe('MaskGitSampler details', () => {
  beforeAll(async () => {
    await initRuntime({ backend: 'cpu' });
  });

  it('commits the most confident positions first when the Gumbel noise is off', async () => {
    const sampler = new MaskGitSampler({ iterations: 4, temperature: 0, choiceTemperature: 0 });
    const { calls, final } = await run(sampler, [RED], 1, 0);
    const confidence = Array.from({ length: TOKENS }, (_, t) => maxLogProb(guidedLogits(1, t, 1)));
    const byConfidence = Array.from({ length: TOKENS }, (_, t) => t).sort(
      (a, b) => confidence[b]! - confidence[a]!,
    );
    const schedule = sampler.schedule(TOKENS);
    for (let k = 0; k < 3; k++) {
      const decoded = calls[k + 1]!.ids[0]!.flatMap((id, t) => (id === model.maskId ? [] : [t]));
      expect(decoded.sort((a, b) => a - b)).toEqual(
        byConfidence.slice(0, TOKENS - schedule[k]!).sort((a, b) => a - b),
      );
    }
    expect(final[0]!.every((id) => id !== model.maskId)).toBe(true);
  });

  it('ranks sampled tokens by their log-probability at τ = 1 (noise off)', async () => {
    const sampler = new MaskGitSampler({ iterations: 4, temperature: 1, choiceTemperature: 0 });
    const { calls, final } = await run(sampler, [BLUE], 1, 12);
    const logp = final[0]!.map((token, t) => {
      const logits = guidedLogits(2, t, 1);
      const m = Math.max(...logits);
      return logits[token]! - m - Math.log(logits.reduce((s, x) => s + Math.exp(x - m), 0));
    });
    const byConfidence = Array.from({ length: TOKENS }, (_, t) => t).sort((a, b) => logp[b]! - logp[a]!);
    const decoded = calls[1]!.ids[0]!.flatMap((id, t) => (id === model.maskId ? [] : [t]));
    expect(decoded.sort((a, b) => a - b)).toEqual(byConfidence.slice(0, TOKENS - 14).sort((a, b) => a - b));
  });

  it('uses the seeded Gumbel noise to vary the unmasking order, not the greedy tokens', async () => {
    const sampler = new MaskGitSampler({ iterations: 4, temperature: 0, choiceTemperature: 50 });
    const orders = new Set<string>();
    const tokens = new Set<string>();
    for (const seed of [1, 2, 3, 4]) {
      const { calls, final } = await run(sampler, [RED], 1, seed);
      orders.add(JSON.stringify(calls[1]!.ids[0]));
      tokens.add(JSON.stringify(final[0]));
    }
    expect(orders.size).toBeGreaterThan(1);
    expect(tokens.size).toBe(1);
  });

  it('samples tokens from softmax(logits / τ)', async () => {
    const n = 2000;
    const { final } = await run(new MaskGitSampler({ iterations: 1, temperature: 0.5 }), [RED], n, 9);
    for (const t of [0, 5]) {
      const expected = tokenDistribution(row(guidedLogits(1, t, 1)), { temperature: 0.5, topK: 0, topP: 1 });
      const atOne = tokenDistribution(row(guidedLogits(1, t, 1)), { temperature: 1, topK: 0, topP: 1 });
      for (let v = 0; v < 8; v++) {
        const frequency = final.filter((ids) => ids[t] === v).length / n;
        const tolerance = 4 * Math.sqrt((expected[v]! * (1 - expected[v]!)) / n) + 1e-3;
        expect(Math.abs(frequency - expected[v]!)).toBeLessThan(tolerance);
      }
      // τ matters here: the τ = 1 distribution is far from the τ = 0.5 one
      expect(Math.max(...Array.from(expected, (p, v) => Math.abs(p - atOne[v]!)))).toBeGreaterThan(0.1);
    }
  });

  it('is deterministic per seed', async () => {
    const sampler = new MaskGitSampler({ iterations: 3 });
    const a = await run(sampler, [RED, BLUE], 2, 42);
    const b = await run(sampler, [RED, BLUE], 2, 42);
    const c = await run(sampler, [RED, BLUE], 2, 43);
    expect(b.final).toEqual(a.final);
    expect(c.final).not.toEqual(a.final);
  });

  it('charges K × callFlops(2N) plus the decoder, exactly as estimated, and leaks no tensor', async () => {
    const sampler = new MaskGitSampler({ iterations: 6 });
    const before = tf.memory().numTensors;
    const result = await sampler.sample({ model, codec, prompts: [RED, BLUE], n: 2, seed: 1, cfgScale: 2.5 });
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(result.latents.shape).toEqual([2, 4, 4]);
    expect(result.latents.dtype).toBe('int32');
    expect(result.images.shape).toEqual([2, 4, 4, 1]);
    const { cost } = result;
    // 6 calls × 4 rows × {5000, 6000}; decoder 2 × 500
    expect(cost.flops.backbone).toEqual({ model: 120_000, executed: 144_000 });
    expect(cost.flops.decoder).toEqual({ model: 1000, executed: 1000 });
    expect(cost.flops.perImage).toEqual({ model: 60_500, executed: 72_500 });
    expect([cost.nfe, cost.sequentialEvals, cost.cfgPasses, cost.batch]).toEqual([6, 6, 2, 2]);
    const { wallMs, peakBytes, ...measured } = cost;
    expect(wallMs).toBeGreaterThan(0);
    expect(peakBytes).toBeGreaterThanOrEqual(4 * 16 * 8 * 4); // the 2N-row logits
    expect(sampler.estimateCost({ model, codec, n: 2, cfgScale: 2.5 })).toEqual(measured);
    tf.dispose([result.images, result.latents]);
  });

  it('refuses more iterations than tokens and malformed model outputs', async () => {
    const tooMany = new MaskGitSampler({ iterations: 17 });
    expect(() => tooMany.estimateCost({ model, codec, n: 1 })).toThrow(SamplerError);
    await expect(tooMany.sample({ model, codec, prompts: [RED], n: 1, seed: 0 })).rejects.toThrow(
      /iterations = 17 exceeds the 16 latent tokens[\s\S]*fix: set iterations to at most 16/,
    );
    expect(() => new MaskGitSampler({ temperature: -1 })).toThrow(/temperature = -1/);
    const broken: MaskedTokenModel = { ...model, logits: (ids) => tf.zeros([ids.shape[0], TOKENS, 3]) };
    const before = tf.memory().numTensors;
    await expect(
      new MaskGitSampler({ iterations: 2 }).sample({ model: broken, codec, prompts: [RED], n: 1, seed: 0 }),
    ).rejects.toThrow(/model.logits returned shape \[1, 16, 3\], expected \[1, 16, 8\]/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
