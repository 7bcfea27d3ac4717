/**
 * Gradients of nn's kernels (same names as `kernel-names.ts`). Products differentiate into products of
 * explicit transposes: ∂a = dy·bᵀ, and ∂b = aᵀ·dy or (dyᵀ·a)ᵀ, whichever moves fewer bytes. On wasm the
 * right operand of every product is repacked by XNNPACK (~2.2× the cost of transposing an element, measured
 * on [2048, 1024]), so the choice weighs packing above transposing.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  NN_BATCH_MATMUL,
  NN_COLUMN_SUM,
  NN_JOIN_HEADS,
  NN_SPLIT_HEADS,
  NN_SWAP_LAST_AXES,
} from './kernel-names.js';

// A gradient runs only after its kernel ran, so the kernels exist on the active backend.
const batchMatMulKernel = <T extends tf.Tensor2D | tf.Tensor3D>(a: T, b: T) =>
  tf.engine().runKernel(NN_BATCH_MATMUL, { a, b }, {}) as T;
const swapLastAxes = <T extends tf.Tensor>(x: T) => tf.engine().runKernel(NN_SWAP_LAST_AXES, { x }, {}) as T;

/** Cost of packing one element of a product's right operand, relative to transposing one. */
const PACK_COST = 2.2;

/**
 * Whether ∂b of a [B, m, k]·[B, k, n] product is cheaper as aᵀ·dy (transpose m·k, pack m·n) than as
 * (dyᵀ·a)ᵀ (transpose m·n and k·n, pack m·k).
 */
export function gradBAsATransposeDy(m: number, k: number, n: number): boolean {
  return m * k + PACK_COST * m * n <= m * n + k * n + PACK_COST * m * k;
}

/** ∂(a·b)/∂b for a [B, m, k], dy [B, m, n] (or a [m, k], dy [m, n]). */
export function productGradB<T extends tf.Tensor2D | tf.Tensor3D>(a: T, dy: T): T {
  const r = a.rank;
  const [m, k] = [a.shape[r - 2]!, a.shape[r - 1]!];
  const n = dy.shape[r - 1]!;
  if (gradBAsATransposeDy(m, k, n)) return batchMatMulKernel(swapLastAxes(a), dy); // aᵀ·dy
  return swapLastAxes(batchMatMulKernel(swapLastAxes(dy), a)); // (dyᵀ·a)ᵀ
}

/** Registered with `registerNnKernels`. */
export const NN_GRADIENTS: readonly tf.GradConfig[] = Object.freeze([
  {
    kernelName: NN_BATCH_MATMUL,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [a, b] = saved as [tf.Tensor3D, tf.Tensor3D];
      const g = dy as tf.Tensor3D;
      return {
        a: () => batchMatMulKernel(g, swapLastAxes(b)), // dy·bᵀ
        b: () => productGradB(a, g),
      };
    },
  },
  {
    kernelName: NN_SWAP_LAST_AXES,
    gradFunc: (dy: tf.Tensor | tf.Tensor[]) => ({ x: () => swapLastAxes(dy as tf.Tensor) }),
  },
  {
    kernelName: NN_COLUMN_SUM,
    inputsToSave: ['x'],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const x = saved[0]!;
      return { x: () => tf.broadcastTo(tf.reshape(dy as tf.Tensor, [1, -1]), x.shape) };
    },
  },
  {
    kernelName: NN_SPLIT_HEADS,
    gradFunc: (dys: tf.Tensor | tf.Tensor[], _saved: tf.Tensor[], attrs?: tf.NamedAttrMap) => {
      const [q, k, v] = dys as tf.Tensor[];
      return {
        x: () => tf.engine().runKernel(NN_JOIN_HEADS, { q: q!, k: k!, v: v! }, attrs ?? {}) as tf.Tensor,
      };
    },
  },
  {
    kernelName: NN_JOIN_HEADS,
    gradFunc: (dy: tf.Tensor | tf.Tensor[], _saved: tf.Tensor[], attrs?: tf.NamedAttrMap) => {
      const [q, k, v] = tf
        .engine()
        .runKernel(NN_SPLIT_HEADS, { x: dy as tf.Tensor }, attrs ?? {}) as tf.Tensor[];
      return { q: () => q!, k: () => k!, v: () => v! };
    },
  },
]);
