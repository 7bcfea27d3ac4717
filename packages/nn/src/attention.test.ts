import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { attentionBias, MASKED_SCORE, scaledDotProductAttention } from './attention.js';
import { MultiHeadAttention } from './multi-head-attention.js';
import { randn } from './testing/tensors.js';
import { testRandom } from './testing/test-random.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

const close = (actual: ArrayLike<number>, expected: number[], digits = 5) =>
  expected.forEach((e, i) => {
    expect(actual[i]).toBeCloseTo(e, digits);
  });

describe('scaledDotProductAttention', () => {
  // Two tokens, D = 2: q = k = I, v = [[1, 2], [3, 4]]. Scores: diagonal 1/√2, off-diagonal 0.
  const q = () =>
    tf.tensor4d([
      [
        [
          [1, 0],
          [0, 1],
        ],
      ],
    ]);
  const v = () =>
    tf.tensor4d([
      [
        [
          [1, 2],
          [3, 4],
        ],
      ],
    ]);
  const p = Math.exp(1 / Math.SQRT2) / (Math.exp(1 / Math.SQRT2) + 1); // weight on the matching key

  it('matches the 2-token hand computation (bidirectional)', () => {
    const o = scaledDotProductAttention(q(), q(), v()).dataSync();
    close(o, [p * 1 + (1 - p) * 3, p * 2 + (1 - p) * 4, (1 - p) * 1 + p * 3, (1 - p) * 2 + p * 4]);
  });

  it('matches the 2-token hand computation (causal: token 0 sees only itself)', () => {
    const o = scaledDotProductAttention(q(), q(), v(), { mask: 'causal' }).dataSync();
    close(o, [1, 2, (1 - p) * 1 + p * 3, (1 - p) * 2 + p * 4]);
  });

  it('builds causal, prefix and cached-query masks', () => {
    const visible = (m: tf.Tensor | undefined) => Array.from(m!.dataSync(), (x) => (x === 0 ? 1 : 0));
    expect(visible(attentionBias('causal', 3, 3))).toEqual([1, 0, 0, 1, 1, 0, 1, 1, 1]);
    expect(visible(attentionBias('causal', 3, 3, 2))).toEqual([1, 1, 0, 1, 1, 0, 1, 1, 1]);
    expect(visible(attentionBias('causal', 1, 3))).toEqual([1, 1, 1]);
    expect(attentionBias('bidirectional', 3, 3)).toBeUndefined();
    expect(attentionBias('causal', 1, 1)!.dataSync()[0]).toBe(0);
    expect(MASKED_SCORE).toBeLessThan(-1e8);
    expect(() => attentionBias('causal', 3, 2)).toThrow(/3 queries but only 2 keys/);
  });

  it('rejects mismatched shapes, naming them', () => {
    expect(() =>
      scaledDotProductAttention(
        tf.zeros([1, 2, 3, 4]) as tf.Tensor4D,
        tf.zeros([1, 2, 3, 5]) as tf.Tensor4D,
        tf.zeros([1, 2, 3, 5]) as tf.Tensor4D,
      ),
    ).toThrow(/q \[1,2,3,4\], k \[1,2,3,5\]/);
  });
});

describe('MultiHeadAttention', () => {
  it('counts 4C² + 4C parameters (fused qkv + output projection, with biases)', () => {
    const mha = new MultiHeadAttention(8, 2, { rng: testRandom(1) });
    expect(mha.parameterCount()).toBe(4 * 8 * 8 + 4 * 8);
    expect([...mha.namedVariables().keys()]).toEqual(['qkv.weight', 'qkv.bias', 'proj.weight', 'proj.bias']);
    expect(() => new MultiHeadAttention(8, 3, { rng: testRandom(1) })).toThrow(
      /'heads' = 3[\s\S]*a divisor of dim = 8/,
    );
  });

  it('leaves a causal prefix unchanged by later tokens, and a bidirectional one changed', () => {
    const mha = new MultiHeadAttention(8, 2, { rng: testRandom(2) });
    mha.qkv.weight.assign(randn([8, 24], 7, 0.5)); // sharper attention than the 0.02 init
    const x = randn([1, 5, 8], 3);
    const y = randn([1, 5, 8], 4);
    // Same first 3 tokens, different last 2.
    const x2 = tf.concat(
      [tf.slice(x, [0, 0, 0], [1, 3, 8]), tf.slice(y, [0, 3, 0], [1, 2, 8])],
      1,
    ) as tf.Tensor3D;
    const head = (t: tf.Tensor) => Array.from(tf.slice(t, [0, 0, 0], [1, 3, 8]).dataSync());
    const c1 = head(mha.forward(x as tf.Tensor3D, { mask: 'causal' }));
    const c2 = head(mha.forward(x2, { mask: 'causal' }));
    c1.forEach((v, i) => {
      expect(c2[i]).toBeCloseTo(v, 6);
    });
    const b1 = head(mha.forward(x as tf.Tensor3D));
    const b2 = head(mha.forward(x2));
    expect(Math.max(...b1.map((v, i) => Math.abs(v - b2[i]!)))).toBeGreaterThan(1e-4);
    // With a 4-token prefix, token 2 sees token 3, so the first 3 outputs change.
    const p1 = head(mha.forward(x as tf.Tensor3D, { mask: 'causal', prefixLength: 4 }));
    const p2 = head(mha.forward(x2, { mask: 'causal', prefixLength: 4 }));
    expect(Math.max(...p1.map((v, i) => Math.abs(v - p2[i]!)))).toBeGreaterThan(1e-4);
  });

  it('gives the same output through projectQkv + attention + mergeHeads on a cached split', () => {
    const mha = new MultiHeadAttention(8, 4, { rng: testRandom(5) });
    const x = randn([2, 4, 8], 6) as tf.Tensor3D;
    const full = mha.forward(x, { mask: 'causal' });
    const { q, k, v } = mha.projectQkv(x);
    // Queries of the last position only, against all keys: equals the last row of the full pass.
    const qLast = tf.slice(q, [0, 0, 3, 0], [2, 4, 1, 2]) as tf.Tensor4D;
    const last = mha.mergeHeads(scaledDotProductAttention(qLast, k, v, { mask: 'causal' }));
    const expected = Array.from(tf.slice(full, [0, 3, 0], [2, 1, 8]).dataSync());
    Array.from(last.dataSync()).forEach((val, i) => {
      expect(val).toBeCloseTo(expected[i]!, 6);
    });
  });
});
