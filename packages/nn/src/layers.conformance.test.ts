// One conformance suite over the backends: every layer's value against a float64 reference written as
// naive loops, and its gradient against float64 central differences of that reference.
import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { gelu, silu } from './activations.js';
import { scaledDotProductAttention } from './attention.js';
import { embedding } from './embedding.js';
import { layerNorm } from './layer-norm.js';
import { batchMatmul, linear, matmul } from './matmul.js';
import { multiHeadAttention } from './multi-head-attention.js';
import { rmsNorm } from './rms-norm.js';
import { checkGradients } from './testing/check-gradients.js';
import {
  attentionRef,
  embeddingRef,
  geluRef,
  layerNormRef,
  linearRef,
  matmulRef,
  rmsNormRef,
  siluRef,
} from './testing/reference.js';
import { randn } from './testing/tensors.js';

/** [b, t, d] → [b, h, t, d/h] in float64 (the heads split of multi-head attention). */
function splitHeads64(x: Float64Array, b: number, t: number, h: number, d: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let s = 0; s < b; s++)
    for (let i = 0; i < t; i++)
      for (let hh = 0; hh < h; hh++)
        for (let k = 0; k < d; k++)
          out[((s * h + hh) * t + i) * d + k] = x[(s * t + i) * h * d + hh * d + k]!;
  return out;
}

function mergeHeads64(x: Float64Array, b: number, t: number, h: number, d: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let s = 0; s < b; s++)
    for (let i = 0; i < t; i++)
      for (let hh = 0; hh < h; hh++)
        for (let k = 0; k < d; k++)
          out[(s * t + i) * h * d + hh * d + k] = x[((s * h + hh) * t + i) * d + k]!;
  return out;
}

const causal = (_b: number, i: number, j: number) => j <= i;

forEachBackend(['cpu', 'wasm'], () => {
  it('matmul', () => {
    checkGradients(
      (a, b) => matmul(a as tf.Tensor2D, b as tf.Tensor2D),
      [randn([3, 4], 1), randn([4, 5], 2)],
      {
        reference: (a, b) => matmulRef(a, b, 3, 4, 5),
      },
    );
  });

  it('batchMatmul', () => {
    checkGradients(
      (a, b) => batchMatmul(a as tf.Tensor3D, b as tf.Tensor3D),
      [randn([2, 3, 4], 3), randn([2, 4, 2], 4)],
      {
        reference: (a, b) => {
          const out = new Float64Array(12);
          for (let s = 0; s < 2; s++)
            out.set(matmulRef(a.subarray(s * 12, s * 12 + 12), b.subarray(s * 8, s * 8 + 8), 3, 4, 2), s * 6);
          return out;
        },
      },
    );
  });

  it('linear on a rank-3 input', () => {
    checkGradients(
      (x, w, b) => linear(x, w as tf.Tensor2D, b as tf.Tensor1D),
      [randn([2, 3, 4], 5), randn([4, 3], 6), randn([3], 7)],
      {
        reference: (x, w, b) => linearRef(x, w, b, 6, 4, 3),
      },
    );
  });

  it('embedding, with a repeated id (its gradient rows sum)', () => {
    const ids = tf.tensor2d(
      [
        [1, 3, 1],
        [0, 1, 4],
      ],
      [2, 3],
      'int32',
    );
    const report = checkGradients((t) => embedding(t as tf.Tensor2D, ids), [randn([5, 3], 8)], {
      reference: (t) => embeddingRef(t, [1, 3, 1, 0, 1, 4], 3),
    });
    expect(report.checked).toBe(15);
  });

  it('layerNorm with and without γ, β', () => {
    checkGradients(
      (x, g, b) => layerNorm(x, g, b, 1e-5),
      [randn([3, 5], 9), randn([5], 10), randn([5], 11)],
      {
        reference: (x, g, b) => layerNormRef(x, g, b, 3, 5, 1e-5),
      },
    );
    checkGradients((x) => layerNorm(x, undefined, undefined, 1e-5), [randn([2, 2, 4], 12, 3)], {
      reference: (x) => layerNormRef(x, undefined, undefined, 4, 4, 1e-5),
    });
  });

  it('rmsNorm', () => {
    checkGradients((x, g) => rmsNorm(x, g, 1e-6), [randn([3, 5], 13), randn([5], 14)], {
      reference: (x, g) => rmsNormRef(x, g, 3, 5, 1e-6),
    });
  });

  it('gelu and silu', () => {
    const x = tf.tensor1d([-3, -1.5, -0.5, 0, 0.3, 1, 2.5, 4]);
    checkGradients((v) => gelu(v), [x], { reference: (v) => geluRef(v) });
    checkGradients((v) => silu(v), [x], { reference: (v) => siluRef(v) });
  });

  it('scaledDotProductAttention: bidirectional, causal, prefix and cached-query masks', () => {
    const [B, H, T, D] = [1, 2, 4, 3];
    const inputs = [randn([B, H, T, D], 15), randn([B, H, T, D], 16), randn([B, H, T, D], 17)];
    const run =
      (mask: 'causal' | 'bidirectional', prefixLength: number) =>
      (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) =>
        scaledDotProductAttention(q as tf.Tensor4D, k as tf.Tensor4D, v as tf.Tensor4D, {
          mask,
          prefixLength,
        });
    checkGradients(run('bidirectional', 0), inputs, {
      reference: (q, k, v) => attentionRef(q, k, v, B * H, T, T, D, () => true),
    });
    checkGradients(run('causal', 0), inputs, {
      reference: (q, k, v) => attentionRef(q, k, v, B * H, T, T, D, causal),
    });
    checkGradients(run('causal', 2), inputs, {
      reference: (q, k, v) => attentionRef(q, k, v, B * H, T, T, D, (_b, i, j) => j <= i || (i < 2 && j < 2)),
    });
    // Two cached queries at positions 2 and 3 of 4 keys.
    const q2 = randn([B, H, 2, D], 18);
    checkGradients(run('causal', 0), [q2, inputs[1]!, inputs[2]!], {
      reference: (q, k, v) => attentionRef(q, k, v, B * H, 2, T, D, (_b, i, j) => j <= i + 2),
    });
  });

  it('scaledDotProductAttention with an explicit additive mask (key padding)', () => {
    const [B, H, T, D] = [2, 1, 3, 2];
    // Batch 0 may not see key 2; batch 1 sees every key.
    const mask = tf.tensor4d([0, 0, -1e9, 0, 0, 0], [B, 1, 1, T]);
    checkGradients(
      (q, k, v) => scaledDotProductAttention(q as tf.Tensor4D, k as tf.Tensor4D, v as tf.Tensor4D, { mask }),
      [randn([B, H, T, D], 19), randn([B, H, T, D], 20), randn([B, H, T, D], 21)],
      { reference: (q, k, v) => attentionRef(q, k, v, B * H, T, T, D, (b, _i, j) => b === 1 || j < 2) },
    );
  });

  it('multiHeadAttention (causal with a prompt prefix) against projections + heads + attention in float64', () => {
    const [B, T, C, H] = [2, 3, 4, 2];
    const D = C / H;
    checkGradients(
      (x, wq, bq, wo, bo) =>
        multiHeadAttention(
          x as tf.Tensor3D,
          {
            qkvWeight: wq as tf.Tensor2D,
            qkvBias: bq as tf.Tensor1D,
            projWeight: wo as tf.Tensor2D,
            projBias: bo as tf.Tensor1D,
          },
          H,
          { mask: 'causal', prefixLength: 2 },
        ),
      [
        randn([B, T, C], 22),
        randn([C, 3 * C], 23, 0.5),
        randn([3 * C], 24),
        randn([C, C], 25, 0.5),
        randn([C], 26),
      ],
      {
        reference: (x, wq, bq, wo, bo) => {
          const qkv = linearRef(x, wq, bq, B * T, C, 3 * C); // [B·T, 3C]
          const part = (p: number) => {
            const out = new Float64Array(B * T * C);
            for (let r = 0; r < B * T; r++)
              for (let c = 0; c < C; c++) out[r * C + c] = qkv[r * 3 * C + p * C + c]!;
            return splitHeads64(out, B, T, H, D);
          };
          const o = attentionRef(
            part(0),
            part(1),
            part(2),
            B * H,
            T,
            T,
            D,
            (_b, i, j) => j <= i || (i < 2 && j < 2),
          );
          return linearRef(mergeHeads64(o, B, T, H, D), wo, bo, B * T, C, C);
        },
      },
    );
  });
});
