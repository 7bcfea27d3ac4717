/**
 * Scaled dot-product attention — A. Vaswani et al., "Attention Is All You Need", arXiv:1706.03762,
 * §3.2.1, eq. (1): Attention(Q, K, V) = softmax(Q·Kᵀ/√d_k + M)·V, with an additive mask M (0 where a
 * query may attend, a large negative number where it may not).
 *
 * Legend: B batch, H heads, Tq query positions, Tk key positions, D head width.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkQkv } from './check-qkv.js';
import { ShapeError } from './errors.js';
import { MIN_ROWS_PER_SLICE } from './kernels/batch-matmul.js';
import { swapLastAxes } from './kernels/ops.js';
import { batchMatmul } from './matmul.js';
import { recordingGradients } from './tape.js';

/**
 * Which keys each query sees.
 * - `bidirectional`: all of them (masked-token prediction, diffusion).
 * - `causal`: keys at positions ≤ the query's position (next-token prediction).
 * - a tensor: an additive mask broadcastable to [B, H, Tq, Tk] (e.g. padding), added to the scores.
 */
export type AttentionMask = 'causal' | 'bidirectional' | tf.Tensor;

/** Options of `scaledDotProductAttention`. */
export interface AttentionOptions {
  /** Default `bidirectional`. */
  mask?: AttentionMask;
  /**
   * With `causal`: the first `prefixLength` positions (a text prompt) see each other bidirectionally
   * ("prefix-LM" mask); later positions stay causal. Default 0 (plain causal).
   */
  prefixLength?: number;
  /** Score scale. Default 1/√D (eq. (1)). */
  scale?: number;
}

/** What a masked score becomes: large enough that exp underflows to 0, finite so a fully masked row stays finite. */
export const MASKED_SCORE = -1e9;

/**
 * The additive [Tq, Tk] mask for `causal` (with an optional bidirectional prefix) or undefined for
 * `bidirectional`. Queries are the last Tq of the Tk positions (so a KV-cached step with Tq = 1 sees
 * everything before it).
 */
export function attentionBias(
  kind: 'causal' | 'bidirectional',
  queries: number,
  keys: number,
  prefixLength = 0,
): tf.Tensor2D | undefined {
  if (kind === 'bidirectional') return undefined;
  const offset = keys - queries;
  if (offset < 0)
    throw new ShapeError('attention', `${queries} queries but only ${keys} keys under a causal mask`);
  const m = new Float32Array(queries * keys);
  for (let i = 0; i < queries; i++) {
    const p = offset + i; // absolute position of query i
    for (let j = 0; j < keys; j++) {
      const visible = j <= p || (p < prefixLength && j < prefixLength);
      if (!visible) m[i * keys + j] = MASKED_SCORE;
    }
  }
  return tf.tensor2d(m, [queries, keys]);
}

/**
 * softmax(q·kᵀ·scale + mask)·v for q [B, H, Tq, D], k and v [B, H, Tk, D] → [B, H, Tq, D]. Both products
 * use `batchMatmul` (explicit-transpose gradient, fast on wasm).
 *
 * @example
 * const o = scaledDotProductAttention(q, k, v, { mask: 'causal' }); // [B, H, T, D]
 */
export function scaledDotProductAttention(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  options: AttentionOptions = {},
): tf.Tensor4D {
  const [B, H, Tq, D] = q.shape;
  const Tk = k.shape[2];
  checkQkv('scaledDotProductAttention', q, k, v, 'pass q [B, H, Tq, D] and k, v [B, H, Tk, D]');
  const mask = options.mask ?? 'bidirectional';
  const scale = options.scale ?? 1 / Math.sqrt(D);
  return tf.tidy(() => {
    const q3 = tf.reshape(tf.mul(q, scale), [B * H, Tq, D]) as tf.Tensor3D; // [BH, Tq, D]
    const k3 = tf.reshape(k, [B * H, Tk, D]) as tf.Tensor3D; // [BH, Tk, D]
    // A few queries outside a gradient tape (a KV-cached decode step): tfjs's flagged product reads k in
    // place; otherwise an explicit kᵀ keeps the products (and their gradients) on XNNPACK.
    const qk =
      Tq < MIN_ROWS_PER_SLICE && !recordingGradients()
        ? tf.matMul(q3, k3, false, true)
        : batchMatmul(q3, swapLastAxes(k3)); // [BH, Tq, Tk]
    let scores: tf.Tensor = tf.reshape(qk, [B, H, Tq, Tk]); // eq. (1): Q·Kᵀ/√d
    const bias = typeof mask === 'string' ? attentionBias(mask, Tq, Tk, options.prefixLength ?? 0) : mask;
    if (bias) scores = tf.add(scores, bias); // + M
    const p = tf.reshape(tf.softmax(scores), [B * H, Tq, Tk]) as tf.Tensor3D; // softmax over keys
    const out = batchMatmul(p, tf.reshape(v, [B * H, Tk, D]) as tf.Tensor3D); // eq. (1): ·V
    return tf.reshape(out, [B, H, Tq, D]) as tf.Tensor4D;
  });
}
