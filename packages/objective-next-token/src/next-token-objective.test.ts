import { join } from 'node:path';
import { ConfigError, type LatentBatch, Rng } from '@flopmatch/core';
import { transformerFlops } from '@flopmatch/flops';
import { AdamW, valueAndGrads } from '@flopmatch/nn';
import { initRuntime } from '@flopmatch/runtime';
import { trainBpe } from '@flopmatch/text';
import { useTempDir } from '@flopmatch/transformer/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NextTokenConfigInput } from './next-token-config.js';
import { DecodingError } from './next-token-model.js';
import { NextTokenObjective } from './next-token-objective.js';

const CAPTIONS = ['a red square', 'a blue circle', 'two green triangles', 'one small red circle'];
const tokenizer = trainBpe(CAPTIONS, { vocabSize: 270 });
const [K, L, H, W] = [8, 6, 2, 3];
const T = H * W;
const CONFIG: NextTokenConfigInput = {
  backbone: { layers: 2, width: 32, heads: 2 },
  grid: { height: H, width: W },
  codebookSize: K,
  promptLength: L,
  promptVocab: tokenizer.vocabSize,
};

const dir = useTempDir('flopmatch-ntp-');
beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

function make(extra: Partial<NextTokenConfigInput> = {}, seed = 0): NextTokenObjective {
  return new NextTokenObjective({ ...CONFIG, ...extra }, { tokenizer, rng: new Rng(seed) });
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('causal structure', () => {
  it('changing token j changes no logit at positions ≤ j (the prompt reaches all)', () => {
    const o = make();
    const cond = o.condition(['a red square', 'a blue circle']);
    const ids = tf.tensor2d(
      [
        [1, 2, 3, 4, 5],
        [7, 6, 5, 4, 3],
      ],
      [2, 5],
      'int32',
    );
    const changed = tf.tensor2d(
      [
        [1, 2, 3, 0, 0],
        [7, 6, 5, 0, 0],
      ],
      [2, 5],
      'int32',
    );
    const a = o.logits(ids, cond).arraySync();
    const b = o.logits(changed, cond).arraySync();
    for (let n = 0; n < 2; n++) {
      for (let p = 0; p <= 3; p++) expect(b[n]![p]).toEqual(a[n]![p]); // position p sees ids < p
      expect(Math.max(...b[n]![4]!.map((v, k) => Math.abs(v - a[n]![4]![k]!)))).toBeGreaterThan(1e-5);
    }
    const other = o.condition(['two green triangles', 'one small red circle']);
    const c = o.logits(ids, other).arraySync();
    expect(Math.abs(c[0]![0]![0]! - a[0]![0]![0]!)).toBeGreaterThan(1e-6);
    o.dispose();
  });

  it('KV-cached next() equals the uncached logits at every position', () => {
    const o = make({ backbone: { layers: 2, width: 32, heads: 2, rope: '2d', positions: 'sincos-2d' } });
    const model = o.model();
    const cond = o.condition(['a red square', 'two green triangles']);
    const ids = tf.tensor2d(
      [
        [1, 2, 3, 4, 5, 6],
        [7, 6, 5, 4, 3, 2],
      ],
      [2, T],
      'int32',
    );
    const full = o.logits(tf.slice(ids, [0, 0], [2, T - 1]) as tf.Tensor2D, cond); // [2, T, K]
    const state = model.start(cond);
    for (let p = 0; p < T; p++) {
      const previous =
        p === 0 ? undefined : (tf.reshape(tf.slice(ids, [0, p - 1], [2, 1]), [2]) as tf.Tensor1D);
      const step = model.next(state, previous);
      expect(step.shape).toEqual([2, K]);
      const expected = tf.reshape(tf.slice(full, [0, p, 0], [2, 1, K]), [2, K]);
      expect(maxAbsDiff(step, expected)).toBeLessThan(1e-5);
      tf.dispose([step, expected, previous]);
    }
    expect(state.position).toBe(T);
    expect(() => model.next(state, tf.tensor1d([1, 1], 'int32'))).toThrow(DecodingError);
    state.dispose();
    const fresh = model.start(cond);
    expect(() => model.next(fresh, tf.tensor1d([1, 1], 'int32'))).toThrow(/omit it/);
    model.next(fresh).dispose();
    expect(() => model.next(fresh)).toThrow(/needs the id sampled at position 0/);
    fresh.dispose();
    o.dispose();
  });
});

describe('FLOPs', () => {
  /** Forward FLOPs of the blocks by hand (multiply-add = 2, bias adds 1 per output), d = 32, F = 128. */
  const blocks = (S: number, pairs: number, layers = 2, d = 32) =>
    layers *
    (2 * S * d * 3 * d +
      3 * d * S +
      4 * pairs * d +
      2 * S * d * d +
      S * d +
      2 * S * d * 4 * d +
      4 * d * S +
      2 * S * 4 * d * d +
      S * d);

  it('training FLOPs per example = the ledger formula, computed here independently', () => {
    const o = make();
    const V = tokenizer.vocabSize;
    const S = L + T;
    const forwardModel = blocks(S, (S * (S + 1)) / 2) + 2 * T * 32 * K; // causal pairs; head on T positions, no bias
    const forwardExecuted = blocks(S, S * S) + 2 * T * 32 * K; // all S² scores; gathered embeddings cost 0
    const scatter = (L + T) * 32; // the embeddings' backward: scatter-adds of the L prompt and T token rows
    expect(o.trainingFlopsPerExample()).toEqual({
      model: 3 * forwardModel, // backward = 2 × forward
      executed: 3 * forwardExecuted + scatter,
    });
    // As one-hot matmuls (2·V·d per token, backward the table gradient only) the executed count would be
    const oneHot = 2 * L * V * 32 + 2 * T * (K + 1) * 32;
    expect(transformerFlops(o.shape, { embedding: 'one-hot' }).training.executed).toBe(
      3 * forwardExecuted + 2 * oneHot,
    );
    o.dispose();
  });

  it('prefill + Σ steps = the causal forward (model); each step attends to one more key', () => {
    const o = make();
    const m = o.model();
    let total = m.prefillFlops(1).model;
    for (let p = 0; p < T; p++) total += m.stepFlops(1, p).model;
    expect(total).toBe(o.trainingFlopsPerExample().model / 3);
    expect(m.prefillFlops(1).model).toBe(blocks(L, (L * (L + 1)) / 2));
    for (let p = 1; p < T; p++)
      expect(m.stepFlops(1, p).model - m.stepFlops(1, p - 1).model).toBe(2 * 4 * 32); // 2 layers × 4d
    expect(m.stepFlops(1, 0).model).toBe(blocks(1, L + 1) + 2 * 32 * K);
    expect(m.stepFlops(3, 2)).toEqual({
      model: 3 * m.stepFlops(1, 2).model,
      executed: 3 * m.stepFlops(1, 2).executed,
    });
    expect(() => m.stepFlops(1, T)).toThrow(/positions run 0 … 5/);
    o.dispose();
  });

  it('parameters = the ledger for learned, sin-cos and no image positions (the prompt keeps its own table)', () => {
    const o = make();
    expect(o.parameterCount()).toBe(o.ledgerParameterCount());
    for (const positions of ['sincos-2d', 'none'] as const) {
      const s = make({ backbone: { layers: 2, width: 32, heads: 2, positions } });
      expect(s.parameterCount(), positions).toBe(s.ledgerParameterCount());
      expect(o.parameterCount() - s.parameterCount(), positions).toBe(T * 32); // only the image table goes
      s.dispose();
    }
    o.dispose();
  });
});

describe('training', () => {
  function dataset(n: number): { ids: Int32Array; prompts: string[] } {
    // Each caption has its own fixed 2×3 pattern of codes.
    const patterns = CAPTIONS.map((_, c) => Array.from({ length: T }, (_, j) => (c * 3 + j * (c + 1)) % K));
    const ids = new Int32Array(n * T);
    const prompts: string[] = [];
    for (let i = 0; i < n; i++) {
      ids.set(patterns[i % CAPTIONS.length]!, i * T);
      prompts.push(CAPTIONS[i % CAPTIONS.length]!);
    }
    return { ids, prompts };
  }

  it('learns a tiny synthetic set: loss falls well below its initial value in 40 AdamW steps', () => {
    const o = make({ conditioningDropout: 0.1 });
    const { ids, prompts } = dataset(32);
    const opt = new AdamW(o.namedVariables(), { lr: 3e-3, weightDecay: 0, noDecay: o.noDecayNames() });
    const rng = new Rng('train');
    const losses: number[] = [];
    const B = 8;
    for (let step = 0; step < 40; step++) {
      const start = (step * B) % 32;
      const cond = o.condition(prompts.slice(start, start + B));
      const batch: LatentBatch = {
        kind: 'discrete',
        ids: tf.tensor3d(ids.slice(start * T, (start + B) * T), [B, H, W], 'int32'),
        cond,
      };
      const { value, grads } = valueAndGrads(() => o.loss(batch, rng.split(step)), o.namedVariables());
      losses.push(value.dataSync()[0]!);
      opt.step(grads);
      tf.dispose([value, ...grads.values(), batch.ids, cond.ids]);
    }
    expect(losses[0]).toBeGreaterThan(Math.log(K) * 0.8);
    const last = losses.slice(-5).reduce((a, v) => a + v, 0) / 5;
    expect(last / losses[0]!).toBeLessThan(0.35);
    o.dispose();
  });

  it('conditioning dropout: rate 1 trains on the null prompt; training = false turns it off', () => {
    const o = make({ conditioningDropout: 1 });
    const ids = tf.tensor3d(
      Array.from({ length: 2 * T }, (_, i) => i % K),
      [2, H, W],
      'int32',
    );
    const cond = o.condition(['a red square', 'a blue circle']);
    const dropped = o.loss({ kind: 'discrete', ids, cond }, new Rng(1)).dataSync()[0]!;
    const asNull = o
      .loss({ kind: 'discrete', ids, cond: o.nullCondition(2) }, new Rng(1), false)
      .dataSync()[0]!;
    const kept = o.loss({ kind: 'discrete', ids, cond }, new Rng(1), false).dataSync()[0]!;
    expect(dropped).toBeCloseTo(asNull, 6);
    expect(Math.abs(kept - dropped)).toBeGreaterThan(1e-5);
    o.dispose();
  });
});

describe('config and files', () => {
  it('is frozen and versioned; save → load gives the same logits', async () => {
    const o = make({}, 3);
    expect(o.config).toMatchObject({
      type: 'objective:next-token',
      version: 1,
      conditioningDropout: 0.1,
      promptLength: L,
    });
    expect(Object.isFrozen(o.config)).toBe(true);
    const path = join(dir(), 'ntp.safetensors');
    await o.save(path);
    const back = await NextTokenObjective.load(path, { tokenizer });
    expect(back.config).toEqual(o.config);
    const cond = o.condition(['a red square']);
    const ids = tf.tensor2d([[1, 2, 3]], [1, 3], 'int32');
    expect(maxAbsDiff(o.logits(ids, cond), back.logits(ids, cond))).toBe(0);
    o.dispose();
    back.dispose();
  });

  it('names bad fields and a tokenizer that does not match', () => {
    expect(() => make({ promptVocab: 999 })).toThrow(/promptVocab = 999: the tokenizer has 270 tokens/);
    expect(() => make({ backbone: { layers: 2, width: 30, heads: 4 } })).toThrow(ConfigError);
    expect(() => make({ backbone: { layers: 2, width: 30, heads: 4 } })).toThrow(/backbone\.heads/);
    expect(() => make({ conditioningDropout: 2 })).toThrow(/conditioningDropout/);
    const o = make();
    const wrong: LatentBatch = {
      kind: 'discrete',
      ids: tf.zeros([1, 3, 3], 'int32') as tf.Tensor3D,
      cond: o.condition(['x']),
    };
    expect(() => o.loss(wrong, new Rng(0))).toThrow(/ids \[1,3,3\] are not \[N, 2, 3\]/);
    o.dispose();
  });
});
