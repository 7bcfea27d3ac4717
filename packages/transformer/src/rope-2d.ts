/**
 * 2-D rotary position embedding (axial RoPE) for queries and keys of image tokens.
 *
 * Papers: Su et al., "RoFormer: Enhanced Transformer with Rotary Position Embedding", arXiv:2104.09864, §3.4.2,
 * eq. (34) (rotate each channel pair by m·θ_i, θ_i = 10000^(−2(i−1)/d)); Heo et al., "Rotary Position
 * Embedding for Vision Transformer", arXiv:2403.13298, §3.2 (axial 2-D frequencies: half of the channels
 * rotate with the row, half with the column). Attention scores then depend on positions only through the
 * offset between query and key (eq. (16) of arXiv:2104.09864).
 *
 * Notation: D head width, split into quarters [a | b | c | d] of D/4 channels. The pair (a_k, b_k) rotates
 * by r·θ_k (row r), the pair (c_k, d_k) by c·θ_k (column c), θ_k = base^(−k/(D/4)). Prefix positions (the
 * prompt, a timestep token) get angle 0: they are not rotated, so every image token sees them the same way.
 */
import { ShapeError } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';

/** Base of the rotary frequencies. Default of RoFormer (arXiv:2104.09864 §3.4.2). */
export const ROPE_BASE = 10000;

/** Host tables cos(angle) and sin(angle), each [positions, D] row-major. */
export interface RopeTables {
  cos: Float32Array;
  sin: Float32Array;
}

/**
 * cos/sin tables for the height·width grid tokens in raster order (token j at row ⌊j/width⌋, column
 * j mod width). `headDim` must be a multiple of 4.
 *
 * @example
 * const { cos, sin } = rope2dTables(4, 4, 16); // each Float32Array(16 · 16)
 */
export function rope2dTables(height: number, width: number, headDim: number, base = ROPE_BASE): RopeTables {
  if (headDim % 4 !== 0) {
    throw new ShapeError(
      'rope2d',
      `2-D RoPE needs a head width divisible by 4, got ${headDim}`,
      'pick width / heads as a multiple of 4, or rope "none"',
    );
  }
  const q = headDim / 4;
  const n = height * width;
  const cos = new Float32Array(n * headDim);
  const sin = new Float32Array(n * headDim);
  for (let j = 0; j < n; j++) {
    const r = Math.floor(j / width);
    const c = j % width;
    for (let k = 0; k < q; k++) {
      const theta = base ** (-k / q); // θ_k
      for (const [offset, angle] of [
        [0, r * theta],
        [q, r * theta],
        [2 * q, c * theta],
        [3 * q, c * theta],
      ] as const) {
        cos[j * headDim + offset + k] = Math.cos(angle);
        sin[j * headDim + offset + k] = Math.sin(angle);
      }
    }
  }
  return { cos, sin };
}

/**
 * Rotates x [B, H, S, D] by the per-position angles whose cos/sin are given as [S, D]:
 * x′ = x ⊙ cos + rot(x) ⊙ sin with rot([a | b | c | d]) = [−b | a | −d | c].
 *
 * @example
 * applyRope2d(q, cos, sin); // same shape as q
 */
export function applyRope2d(x: tf.Tensor4D, cos: tf.Tensor2D, sin: tf.Tensor2D): tf.Tensor4D {
  const [B, H, S, D] = x.shape;
  if (cos.shape[0] !== S || cos.shape[1] !== D || sin.shape[0] !== S || sin.shape[1] !== D) {
    throw new ShapeError('applyRope2d', `x [${x.shape}] does not fit cos/sin tables [${cos.shape}]`);
  }
  const q = D / 4;
  return tf.tidy(() => {
    const part = (i: number) => tf.slice(x, [0, 0, 0, i * q], [B, H, S, q]); // [B, H, S, D/4]
    const [a, b, c, d] = [part(0), part(1), part(2), part(3)];
    const rotated = tf.concat([tf.neg(b), a, tf.neg(d), c], 3); // rot(x), [B, H, S, D]
    return tf.add(tf.mul(x, cos), tf.mul(rotated, sin)) as tf.Tensor4D; // eq. (34): x·cos mθ + rot(x)·sin mθ
  });
}
