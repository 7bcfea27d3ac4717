import { join } from 'node:path';
import { type LatentBatch, Rng } from '@flopmatch/core';
import { transformerFlops } from '@flopmatch/flops';
import { AdamW, valueAndGrads } from '@flopmatch/nn';
import { initRuntime } from '@flopmatch/runtime';
import { trainBpe } from '@flopmatch/text';
import { useTempDir } from '@flopmatch/transformer/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FlowConfigInput } from './flow-config.js';
import { FlowObjective } from './flow-objective.js';

const CAPTIONS = ['a red square', 'a blue circle', 'two green triangles', 'one small red circle'];
const tokenizer = trainBpe(CAPTIONS, { vocabSize: 270 });
const [L, H, W, C] = [6, 2, 4, 4];
const CONFIG: FlowConfigInput = {
  backbone: { layers: 2, width: 32, heads: 2 },
  latent: { height: H, width: W, channels: C },
  promptLength: L,
  promptVocab: tokenizer.vocabSize,
  timestep: { frequencyDim: 16 },
};

const dir = useTempDir('flopmatch-flow-');
beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

function make(extra: Partial<FlowConfigInput> = {}, seed = 0): FlowObjective {
  return new FlowObjective({ ...CONFIG, ...extra }, { tokenizer, rng: new Rng(seed) });
}

const scalar = (t: tf.Tensor) => t.dataSync()[0]!;
const maxAbs = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => scalar(tf.max(tf.abs(tf.sub(a, b)))));

describe('rectified-flow loss', () => {
  it('regresses v(z_t, t) on ε − x₀ with z_t = (1 − t)·x₀ + t·ε, t and ε from the named streams', () => {
    const o = make();
    const x0 = tf.randomNormal([3, H, W, C], 0, 1, 'float32', 1) as tf.Tensor4D;
    const cond = o.condition(['a red square', 'a blue circle', 'two green triangles']);
    const rng = new Rng('loss');
    const { t, noiseSeed } = o.draws(3, rng);
    const eps = tf.randomNormal(x0.shape, 0, 1, 'float32', noiseSeed);
    const fixed = tf.randomNormal(x0.shape, 0, 1, 'float32', 2) as tf.Tensor4D;
    let seen: { xt: tf.Tensor4D; t: tf.Tensor1D } | undefined;
    o.velocity = (xt, tt) => {
      seen = { xt: tf.keep(tf.clone(xt)), t: tf.keep(tf.clone(tt)) };
      return tf.clone(fixed);
    };
    const loss = scalar(o.loss({ kind: 'continuous', latents: x0, cond }, rng, false));
    expect(Array.from(seen!.t.dataSync())).toEqual(Array.from(t));
    const t4 = tf.reshape(tf.tensor1d(t), [3, 1, 1, 1]);
    const expectedXt = tf.add(tf.mul(tf.sub(1, t4), x0), tf.mul(t4, eps));
    expect(maxAbs(seen!.xt, expectedXt)).toBeLessThan(1e-6);
    // MSE against the target ε − x₀, computed here in float64.
    const [u, e, x] = [fixed.dataSync(), eps.dataSync(), x0.dataSync()];
    let mse = 0;
    for (let i = 0; i < u.length; i++) mse += (u[i]! - (e[i]! - x[i]!)) ** 2;
    expect(loss).toBeCloseTo(mse / u.length, 5);
    o.dispose();
  });

  it('starts at v = 0 (zero-initialised patch-out): the first loss is E‖ε − x₀‖²', () => {
    const o = make();
    const x0 = tf.randomNormal([2, H, W, C], 0, 1, 'float32', 3) as tf.Tensor4D;
    const cond = o.condition(['a red square', 'a blue circle']);
    const v = o.velocity(x0, tf.tensor1d([0.3, 0.9]), cond);
    expect(scalar(tf.max(tf.abs(v)))).toBe(0);
    const rng = new Rng('zero');
    const { noiseSeed } = o.draws(2, rng);
    const eps = tf.randomNormal(x0.shape, 0, 1, 'float32', noiseSeed);
    const expected = scalar(tf.mean(tf.square(tf.sub(eps, x0))));
    expect(scalar(o.loss({ kind: 'continuous', latents: x0, cond }, rng))).toBeCloseTo(expected, 5);
    o.dispose();
  });

  it('runs in every timestep mode and with 2 × 2 patches; the prompt reaches the velocity', () => {
    for (const [mode, patchSize] of [
      ['timestep-token', 2],
      ['adaln-single', 1],
      ['adaln-zero', 2],
    ] as const) {
      const o = make({ timestep: { mode, frequencyDim: 16 }, patchSize });
      for (const v of o.patchOut.namedVariables().values())
        v.assign(tf.randomNormal(v.shape, 0, 0.5, 'float32', 4));
      for (const [name, v] of o.backbone.namedVariables())
        if (name.includes('modulation')) v.assign(tf.randomNormal(v.shape, 0, 0.1, 'float32', 5));
      const x = tf.randomNormal([2, H, W, C], 0, 1, 'float32', 6) as tf.Tensor4D;
      const t = tf.tensor1d([0.5, 0.5]);
      const a = o.velocity(x, t, o.condition(['a red square', 'a red square']));
      const b = o.velocity(x, t, o.condition(['a blue circle', 'a blue circle']));
      expect(a.shape).toEqual([2, H, W, C]);
      expect(maxAbs(a, b)).toBeGreaterThan(1e-5);
      const later = o.velocity(x, tf.tensor1d([0.9, 0.9]), o.condition(['a red square', 'a red square']));
      expect(maxAbs(a, later)).toBeGreaterThan(1e-5); // t reaches it too
      o.dispose();
    }
  });
});

describe('FLOPs and parameters', () => {
  const d = 32;
  const blocks = (S: number) =>
    2 *
    (2 * S * d * 3 * d +
      3 * d * S +
      4 * S * S * d +
      2 * S * d * d +
      S * d +
      2 * S * d * 4 * d +
      4 * d * S +
      2 * S * 4 * d * d +
      S * d);

  it('training FLOPs per example = the ledger formula, computed here independently', () => {
    const o = make();
    const T = H * W;
    const S = L + 1 + T; // prompt, timestep token, patches: bidirectional
    const f = 16;
    const heads = 2 * T * C * d + T * d + 2 * T * d * C + T * C; // patch-in and patch-out with biases
    const timestep = 2 * f * d + d + 2 * d * d + d; // Linear(f, d), Linear(d, d)
    const forward = blocks(S) + heads + timestep;
    const scatter = L * d; // the gathered prompt rows: 0 forward, a scatter-add backward
    expect(o.trainingFlopsPerExample()).toEqual({
      model: 3 * forward,
      executed: 3 * forward + scatter,
    });
    expect(o.model().callFlops(2)).toEqual({ model: 2 * forward, executed: 2 * forward });
    const oneHot = 2 * L * tokenizer.vocabSize * d; // the prompt table as a one-hot matmul; backward 1×
    expect(transformerFlops(o.shape, { embedding: 'one-hot' }).training.executed).toBe(
      3 * forward + 2 * oneHot,
    );
    o.dispose();
  });

  it('parameters match the ledger in every timestep mode and position scheme', () => {
    const token = make();
    expect(token.parameterCount()).toBe(token.ledgerParameterCount()); // the timestep token has no position
    for (const positions of ['sincos-2d', 'none'] as const) {
      const s = make({ backbone: { layers: 2, width: d, heads: 2, positions } });
      expect(s.parameterCount(), positions).toBe(s.ledgerParameterCount()); // the prompt keeps its own table
      s.dispose();
    }
    for (const mode of ['adaln-single', 'adaln-zero'] as const) {
      const o = make({ timestep: { mode, frequencyDim: 16 } });
      expect(o.parameterCount()).toBe(o.ledgerParameterCount());
      o.dispose();
    }
    const zero = make({ timestep: { mode: 'adaln-zero', frequencyDim: 16 } });
    const layers = 2;
    // adaLN-Zero: +6d² + 6d per block and 2d² + 2d at the end, minus the affine norms (2·2d per block + 2d).
    expect(zero.parameterCount() - token.parameterCount()).toBe(
      layers * (6 * d * d + 6 * d - 4 * d) + 2 * d * d + 2 * d - 2 * d,
    );
    token.dispose();
    zero.dispose();
  });
});

const STEPS = 50;

describe('training', () => {
  it('learns a tiny synthetic latent set: loss on a fixed evaluation batch falls well below its initial value in 50 AdamW steps', () => {
    const o = make({ conditioningDropout: 0.1 });
    // A shared ±2 layout plus a ±0.5 part per caption: E‖ε − x₀‖² ≈ 5.2 at v = 0 (the zero-initialised
    // head); knowing x₀ exactly would bring it to 0, knowing only the layout to about 1.25.
    const patterns = CAPTIONS.map((_, c) =>
      Array.from(
        { length: H * W * C },
        (_, j) => 2 * Math.sign(Math.sin(0.7 * j + 0.1)) + 0.5 * Math.sign(Math.sin(1.3 * j * (c + 1) + c)),
      ),
    );
    const opt = new AdamW(o.namedVariables(), { lr: 1e-2, weightDecay: 0, noDecay: o.noDecayNames() });
    const rng = new Rng('train');
    const losses: number[] = [];
    const B = 8;
    // A fixed evaluation batch (same t and ε before and after) measures progress without batch noise.
    const evalCond = o.condition([...CAPTIONS, ...CAPTIONS]);
    const evalBatch: LatentBatch = {
      kind: 'continuous',
      latents: tf.tensor4d(patterns.flat().concat(patterns.flat()), [8, H, W, C]),
      cond: evalCond,
    };
    const evaluate = () => scalar(o.loss(evalBatch, new Rng('eval'), false));
    const before = evaluate();
    for (let step = 0; step < STEPS; step++) {
      const which = Array.from({ length: B }, (_, i) => (step * B + i) % CAPTIONS.length);
      const cond = o.condition(which.map((c) => CAPTIONS[c]!));
      const latents = tf.tensor4d(
        which.flatMap((c) => patterns[c]!),
        [B, H, W, C],
      );
      const batch: LatentBatch = { kind: 'continuous', latents, cond };
      const { value, grads } = valueAndGrads(() => o.loss(batch, rng.split(step)), o.namedVariables());
      losses.push(scalar(value));
      opt.step(grads);
      tf.dispose([value, ...grads.values(), latents, cond.ids]);
    }
    const after = evaluate();
    expect(before).toBeGreaterThan(4);
    expect(after / before).toBeLessThan(0.4);
    expect(Math.min(...losses.slice(-10))).toBeLessThan(0.5 * losses[0]!);
    o.dispose();
  });
});

describe('config and files', () => {
  it('is frozen and versioned; save → load gives the same velocity', async () => {
    const o = make({}, 7);
    for (const v of o.patchOut.namedVariables().values())
      v.assign(tf.randomNormal(v.shape, 0, 0.5, 'float32', 8));
    expect(o.config).toMatchObject({
      type: 'objective:flow',
      version: 1,
      patchSize: 1,
      timestep: { mode: 'timestep-token', frequencyDim: 16, scale: 1000 },
      timeSampling: { mean: 0, scale: 1 },
    });
    expect(Object.isFrozen(o.config.timestep)).toBe(true);
    const path = join(dir(), 'flow.safetensors');
    await o.save(path);
    const back = await FlowObjective.load(path, { tokenizer });
    const x = tf.randomNormal([1, H, W, C], 0, 1, 'float32', 9) as tf.Tensor4D;
    const cond = o.condition(['a blue circle']);
    expect(o.velocity(x, tf.tensor1d([0.4]), cond).dataSync()).toEqual(
      back.velocity(x, tf.tensor1d([0.4]), cond).dataSync(),
    );
    expect(back.model()).toMatchObject({ kind: 'flow', latentShape: { height: H, width: W, channels: C } });
    o.dispose();
    back.dispose();
  });

  it('names bad fields and wrong inputs', () => {
    expect(() => make({ latent: { height: 3, width: 4, channels: 4 }, patchSize: 2 })).toThrow(/patchSize/);
    expect(() => make({ timestep: { frequencyDim: 15 } })).toThrow(/timestep\.frequencyDim/);
    expect(() => make({ timestep: { mode: 'cross-attention' as 'adaln-zero' } })).toThrow(/timestep\.mode/);
    expect(() => make({ promptVocab: 1000 })).toThrow(/set promptVocab to tokenizer.vocabSize \(270\)/);
    const o = make();
    const discrete: LatentBatch = {
      kind: 'discrete',
      ids: tf.zeros([1, H, W], 'int32') as tf.Tensor3D,
      cond: o.condition(['x']),
    };
    expect(() => o.loss(discrete, new Rng(0))).toThrow(/got a discrete batch/);
    expect(() =>
      o.velocity(tf.zeros([1, H, W, 3]) as tf.Tensor4D, tf.tensor1d([0.5]), o.condition(['x'])),
    ).toThrow(/latents \[1,2,4,3\] are not \[N, 2, 4, 4\]/);
    o.dispose();
  });
});
