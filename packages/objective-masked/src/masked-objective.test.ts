import { join } from 'node:path';
import { type LatentBatch, Rng } from '@flopmatch/core';
import { transformerFlops } from '@flopmatch/flops';
import { AdamW, valueAndGrads } from '@flopmatch/nn';
import { initRuntime } from '@flopmatch/runtime';
import { trainBpe } from '@flopmatch/text';
import { useTempDir } from '@flopmatch/transformer/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleTrainingMasks } from './mask-schedule.js';
import type { MaskedConfigInput } from './masked-config.js';
import { MaskedObjective } from './masked-objective.js';

const CAPTIONS = ['a red square', 'a blue circle', 'two green triangles', 'one small red circle'];
const tokenizer = trainBpe(CAPTIONS, { vocabSize: 270 });
const [K, L, H, W] = [8, 6, 2, 3];
const T = H * W;
const CONFIG: MaskedConfigInput = {
  backbone: { layers: 2, width: 32, heads: 2 },
  grid: { height: H, width: W },
  codebookSize: K,
  promptLength: L,
  promptVocab: tokenizer.vocabSize,
};

const dir = useTempDir('flopmatch-mtp-');
beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

function make(extra: Partial<MaskedConfigInput> = {}, seed = 0): MaskedObjective {
  return new MaskedObjective({ ...CONFIG, ...extra }, { tokenizer, rng: new Rng(seed) });
}

const scalar = (t: tf.Tensor) => t.dataSync()[0]!;

describe('loss', () => {
  it('reads only the masked positions: perturbing logits elsewhere leaves it unchanged', () => {
    const o = make({ labelSmoothing: 0.1 });
    const cond = o.condition(['a red square', 'a blue circle']);
    const ids = tf.tensor2d(
      [
        [1, 2, 3, 4, 5, 6],
        [7, 6, 5, 4, 3, 2],
      ],
      [2, T],
      'int32',
    );
    const mask = tf.tensor2d(
      [
        [1, 0, 0, 1, 0, 0],
        [0, 1, 1, 1, 1, 0],
      ],
      [2, T],
    );
    const base = scalar(o.maskedLoss(ids, mask, cond));
    const original = o.logits.bind(o);
    const noise = tf.randomNormal([2, T, K], 0, 5, 'float32', 1);
    const where = (m: tf.Tensor) => tf.mul(noise, tf.reshape(m, [2, T, 1]));
    o.logits = (x, c) => tf.tidy(() => tf.add(original(x, c), where(tf.sub(1, mask))) as tf.Tensor3D);
    expect(scalar(o.maskedLoss(ids, mask, cond))).toBeCloseTo(base, 5);
    o.logits = (x, c) => tf.tidy(() => tf.add(original(x, c), where(mask)) as tf.Tensor3D);
    expect(Math.abs(scalar(o.maskedLoss(ids, mask, cond)) - base)).toBeGreaterThan(1e-3);
    o.dispose();
  });

  it('masks what the cosine schedule draws, with [MASK] = K, and averages over masked positions', () => {
    const o = make();
    const cond = o.condition(['a red square', 'two green triangles']);
    const ids3 = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2], [2, H, W], 'int32');
    const rng = new Rng('loss');
    const loss = scalar(o.loss({ kind: 'discrete', ids: ids3, cond }, rng, false));
    const { mask } = sampleTrainingMasks(2, T, rng.split('mask'));
    const ids = tf.reshape(ids3, [2, T]) as tf.Tensor2D;
    const m = tf.tensor2d(mask, [2, T]);
    expect(loss).toBeCloseTo(scalar(o.maskedLoss(ids, m, cond)), 6);
    // By hand: mean over masked positions of −log softmax(logits(input))[id], input = id or K.
    const input = tf.where(tf.cast(m, 'bool'), tf.fill([2, T], K, 'int32'), ids) as tf.Tensor2D;
    const logp = tf.logSoftmax(o.logits(input, cond)).arraySync() as number[][][];
    const idv = ids.arraySync() as number[][];
    let sum = 0;
    let count = 0;
    for (let n = 0; n < 2; n++)
      for (let j = 0; j < T; j++)
        if (mask[n * T + j]) {
          sum -= logp[n]![j]![idv[n]![j]!]!;
          count++;
        }
    expect(loss).toBeCloseTo(sum / count, 5);
    o.dispose();
  });

  it('is bidirectional: the last token changes the first position’s logits', () => {
    const o = make();
    const cond = o.condition(['a red square']);
    const a = o.logits(tf.tensor2d([[1, 2, 3, 4, 5, 6]], [1, T], 'int32'), cond).arraySync()[0]!;
    const b = o.logits(tf.tensor2d([[1, 2, 3, 4, 5, 0]], [1, T], 'int32'), cond).arraySync()[0]!;
    expect(Math.max(...a[0]!.map((v, k) => Math.abs(v - b[0]![k]!)))).toBeGreaterThan(1e-6);
    o.dispose();
  });
});

describe('FLOPs and parameters', () => {
  it('training FLOPs per example = the ledger formula, computed here independently; callFlops = n × forward', () => {
    const o = make();
    const d = 32;
    const S = L + T;
    const blocks = (pairs: number) =>
      2 *
      (2 * S * d * 3 * d +
        3 * d * S +
        4 * pairs * d +
        2 * S * d * d +
        S * d +
        2 * S * d * 4 * d +
        4 * d * S +
        2 * S * 4 * d * d +
        S * d);
    const head = 2 * T * d * K; // logits at every token position, no bias
    const forward = blocks(S * S) + head; // bidirectional: all S² pairs
    const scatter = (L + T) * d; // gathered embeddings: 0 forward, a scatter-add of the L + T rows backward
    expect(o.trainingFlopsPerExample()).toEqual({
      model: 3 * forward,
      executed: 3 * forward + scatter,
    });
    expect(o.model().callFlops(4)).toEqual({ model: 4 * forward, executed: 4 * forward });
    const oneHot = 2 * L * tokenizer.vocabSize * d + 2 * T * (K + 1) * d; // as one-hot matmuls; backward 1×
    expect(transformerFlops(o.shape, { embedding: 'one-hot' }).training.executed).toBe(
      3 * forward + 2 * oneHot,
    );
    expect(o.parameterCount()).toBe(o.ledgerParameterCount());
    o.dispose();
  });
});

describe('training', () => {
  it('learns a tiny synthetic set: loss falls well below its initial value in 40 AdamW steps', () => {
    const o = make({ conditioningDropout: 0.1 });
    const patterns = CAPTIONS.map((_, c) => Array.from({ length: T }, (_, j) => (c * 3 + j * (c + 1)) % K));
    const opt = new AdamW(o.namedVariables(), { lr: 3e-3, weightDecay: 0, noDecay: o.noDecayNames() });
    const rng = new Rng('train');
    const losses: number[] = [];
    const B = 8;
    for (let step = 0; step < 40; step++) {
      const which = Array.from({ length: B }, (_, i) => (step * B + i) % CAPTIONS.length);
      const cond = o.condition(which.map((c) => CAPTIONS[c]!));
      const ids = tf.tensor3d(
        which.flatMap((c) => patterns[c]!),
        [B, H, W],
        'int32',
      );
      const batch: LatentBatch = { kind: 'discrete', ids, cond };
      const { value, grads } = valueAndGrads(() => o.loss(batch, rng.split(step)), o.namedVariables());
      losses.push(scalar(value));
      opt.step(grads);
      tf.dispose([value, ...grads.values(), ids, cond.ids]);
    }
    expect(losses[0]).toBeGreaterThan(Math.log(K) * 0.8);
    const last = losses.slice(-5).reduce((a, v) => a + v, 0) / 5;
    expect(last / losses[0]!).toBeLessThan(0.4);
    o.dispose();
  });
});

describe('config and files', () => {
  it('is frozen and versioned; save → load gives the same logits', async () => {
    const o = make({}, 5);
    expect(o.config).toMatchObject({ type: 'objective:masked', version: 1, conditioningDropout: 0.1 });
    expect(Object.isFrozen(o.config)).toBe(true);
    expect(o.model()).toMatchObject({
      kind: 'masked',
      maskId: K,
      codebookSize: K,
      latentShape: { height: H, width: W, channels: 1 },
    });
    const path = join(dir(), 'mtp.safetensors');
    await o.save(path);
    const back = await MaskedObjective.load(path, { tokenizer });
    const cond = o.condition(['a blue circle']);
    const ids = tf.tensor2d([[K, 2, K, 4, 5, K]], [1, T], 'int32');
    expect(o.logits(ids, cond).dataSync()).toEqual(back.logits(ids, cond).dataSync());
    o.dispose();
    back.dispose();
  });

  it('names bad fields, a tokenizer that does not match and a wrong batch', () => {
    expect(() => make({ promptVocab: 300 })).toThrow(/promptVocab = 300: the tokenizer has 270 tokens/);
    expect(() => make({ backbone: { layers: 2, width: 32, heads: 3 } })).toThrow(/backbone\.heads/);
    expect(() => make({ labelSmoothing: 1 })).toThrow(/labelSmoothing/);
    const o = make();
    const flow: LatentBatch = {
      kind: 'continuous',
      latents: tf.zeros([1, H, W, 4]) as tf.Tensor4D,
      cond: o.condition(['x']),
    };
    expect(() => o.loss(flow, new Rng(0))).toThrow(/got a continuous batch/);
    o.dispose();
  });
});
