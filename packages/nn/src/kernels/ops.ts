/**
 * The ops behind nn's kernels: each runs its kernel when the active backend has one (wasm, cpu) and the
 * equivalent plain tfjs ops elsewhere (WebGPU, tfjs-node), so callers never branch on the backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AdamWUpdateAttrs } from './adamw-update.js';
import {
  NN_ADAMW_UPDATE,
  NN_BATCH_MATMUL,
  NN_COLUMN_SUM,
  NN_LAYER_NORM,
  NN_LINEAR,
  NN_SPLIT_HEADS,
  NN_SWAP_LAST_AXES,
} from './kernel-names.js';
import { NN_KERNEL_BACKENDS, registerNnKernels } from './register-all.js';

/** Whether nn's kernels run on the active backend for float32 `tensors`. */
export function nnKernelsActive(...tensors: tf.Tensor[]): boolean {
  if (!NN_KERNEL_BACKENDS.includes(tf.getBackend())) return false;
  if (tensors.some((t) => t.dtype !== 'float32')) return false;
  registerNnKernels();
  return true;
}

/** [B, m, k] · [B, k, n] → [B, m, n] (or 2-D) through `FlopmatchBatchMatMul` (differentiable). */
export function batchMatMulKernel<T extends tf.Tensor2D | tf.Tensor3D>(a: T, b: T): T {
  return tf.engine().runKernel(NN_BATCH_MATMUL, { a, b }, {}) as T;
}

/** [..., m, n] → [..., n, m] (differentiable; plain `tf.transpose` where nn has no kernel). */
export function swapLastAxes<T extends tf.Tensor>(x: T): T {
  if (x.rank < 2) throw new Error(`swapLastAxes needs rank ≥ 2, got [${x.shape}]`);
  if (nnKernelsActive(x)) return tf.engine().runKernel(NN_SWAP_LAST_AXES, { x }, {}) as T;
  const perm = x.shape.map((_, i) => i);
  [perm[x.rank - 2], perm[x.rank - 1]] = [perm[x.rank - 1]!, perm[x.rank - 2]!];
  return tf.transpose(x, perm) as T;
}

/**
 * Σ over every axis but the last: [..., N] → [N] (a bias or norm-gain gradient). Differentiable.
 *
 * @example
 * columnSum(tf.tensor2d([[1, 2], [3, 4]])); // [4, 6]
 */
export function columnSum(x: tf.Tensor): tf.Tensor1D {
  const n = x.shape[x.rank - 1] ?? 1;
  if (x.rank < 2) return tf.reshape(x, [n]) as tf.Tensor1D;
  if (!nnKernelsActive(x))
    return tf.sum(
      x,
      x.shape.slice(0, -1).map((_, i) => i),
    ) as tf.Tensor1D;
  return tf.tidy(() => {
    const flat = tf.reshape(x, [-1, n]); // [M, N]
    return tf.engine().runKernel(NN_COLUMN_SUM, { x: flat }, {}) as tf.Tensor1D;
  });
}

/**
 * A fused projection [B, T, 3C] → q, k, v [B, H, T, D] in one pass (differentiable; on backends without nn's
 * kernels: split, reshape and transpose).
 */
export function splitHeads3(qkv: tf.Tensor3D, heads: number): [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D] {
  const [B, T, F] = qkv.shape;
  const D = F / 3 / heads;
  if (nnKernelsActive(qkv)) {
    return tf.engine().runKernel(NN_SPLIT_HEADS, { x: qkv }, { heads }) as [
      tf.Tensor4D,
      tf.Tensor4D,
      tf.Tensor4D,
    ];
  }
  return tf.tidy(
    () =>
      tf.split(qkv, 3, 2).map((t) => tf.transpose(tf.reshape(t, [B, T, heads, D]), [0, 2, 1, 3])) as [
        tf.Tensor4D,
        tf.Tensor4D,
        tf.Tensor4D,
      ],
  );
}

/** θ′, m′, v′ of one AdamW step through `FlopmatchAdamWUpdate` (call only where `nnKernelsActive`). */
export function adamwUpdateKernel(
  p: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  g: tf.Tensor,
  attrs: AdamWUpdateAttrs,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  return tf.engine().runKernel(NN_ADAMW_UPDATE, { p, m, v, g }, attrs) as [tf.Tensor, tf.Tensor, tf.Tensor];
}

/**
 * γ ⊙ (x − μ)/√(σ² + ε) + β over the last axis in one launch through `FlopmatchLayerNorm` (call only where
 * `nnKernelsActive` and outside a gradient tape: the kernel has no gradient).
 */
export function layerNormKernel(
  x: tf.Tensor,
  gamma: tf.Tensor | undefined,
  beta: tf.Tensor | undefined,
  eps: number,
) {
  const inputs: Record<string, tf.Tensor> = { x };
  if (gamma) inputs.gamma = gamma;
  if (beta) inputs.beta = beta;
  return tf.engine().runKernel(NN_LAYER_NORM, inputs, { eps }) as tf.Tensor;
}

/**
 * x [..., in] · W + b in one launch through `FlopmatchLinear` (call only where `nnKernelsActive` and
 * outside a gradient tape: the kernel has no gradient).
 */
export function linearKernel(x: tf.Tensor, w: tf.Tensor2D, bias: tf.Tensor1D | undefined): tf.Tensor {
  const inputs: Record<string, tf.Tensor> = bias ? { x, w, bias } : { x, w };
  return tf.engine().runKernel(NN_LINEAR, inputs, {}) as tf.Tensor;
}
