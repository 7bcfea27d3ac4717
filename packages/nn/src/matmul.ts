/**
 * Matrix products whose gradients stay on the fast path of every backend.
 *
 * TensorFlow.js differentiates `MatMul` with transpose flags (`dA = dy·Bᵀ` as `matMul(dy, B, false, true)`).
 * The wasm backend runs its XNNPACK kernel only for plain 2-D products, so flagged products fall to a
 * slow path (10–40× slower). Here the backward pass transposes explicitly and multiplies without flags,
 * which keeps a GPT-style train step on wasm ~9× faster (see bench/train-step).
 *
 * On wasm and cpu the products run through nn's own kernels (`kernels/`): batched products go to XNNPACK
 * one slice at a time, transposes and bias gradients run as cache-blocked loops. Elsewhere (WebGPU,
 * tfjs-node) the same math runs as plain `tf.matMul`/`tf.transpose` under a custom gradient.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from './errors.js';
import { productGradB } from './kernels/gradients.js';
import { batchMatMulKernel, columnSum, linearKernel, nnKernelsActive, swapLastAxes } from './kernels/ops.js';
import { recordingGradients } from './tape.js';

const matmul2d = tf.customGrad((a, b, save) => {
  const [x, w] = [a as tf.Tensor2D, b as tf.Tensor2D];
  (save as tf.GradSaveFunc)([x, w]);
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return [tf.matMul(g, tf.transpose(sw)), tf.matMul(tf.transpose(sx), g)]; // dA = dy·Bᵀ, dB = Aᵀ·dy
    },
  };
});

const matmul3d = tf.customGrad((a, b, save) => {
  const [x, w] = [a as tf.Tensor3D, b as tf.Tensor3D];
  (save as tf.GradSaveFunc)([x, w]);
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as [tf.Tensor3D, tf.Tensor3D];
      const g = dy as tf.Tensor3D;
      return [tf.matMul(g, tf.transpose(sw, [0, 2, 1])), tf.matMul(tf.transpose(sx, [0, 2, 1]), g)];
    },
  };
});

/**
 * `a · b` for 2-D tensors [m, k] · [k, n] → [m, n], with a gradient of two plain products.
 *
 * @example
 * matmul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])); // [[11]]
 */
export function matmul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[1] !== b.shape[0]) {
    throw new ShapeError(
      'matmul',
      `cannot multiply [${a.shape}] by [${b.shape}]`,
      'pass 2-D tensors [m, k] and [k, n]',
    );
  }
  if (nnKernelsActive(a, b)) return batchMatMulKernel(a, b);
  return recordingGradients() ? (matmul2d(a, b) as tf.Tensor2D) : tf.matMul(a, b);
}

/**
 * Batched product [B, m, k] · [B, k, n] → [B, m, n] (same batch size, no broadcasting), with a gradient of
 * explicit transposes and plain batched products. Used by attention.
 */
export function batchMatmul(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  if (a.rank !== 3 || b.rank !== 3 || a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) {
    throw new ShapeError(
      'batchMatmul',
      `cannot multiply [${a.shape}] by [${b.shape}]`,
      'pass 3-D tensors [B, m, k] and [B, k, n] with the same B',
    );
  }
  if (nnKernelsActive(a, b)) return batchMatMulKernel(a, b);
  return recordingGradients() ? (matmul3d(a, b) as tf.Tensor3D) : tf.matMul(a, b);
}

/**
 * x·W + b for x [M, in], W [in, out], b [out] as one fused product-with-bias (XNNPACK adds the bias in its
 * output loop), with ∂x = dy·Wᵀ, ∂W from `productGradB` and ∂b = Σ_rows dy (nn's column sum; tfjs would
 * reduce a broadcast Add gradient by transposing first). For backends with nn's kernels.
 */
const affine = tf.customGrad((xArg, wArg, bArg, save) => {
  const [x, w, b] = [xArg as tf.Tensor2D, wArg as tf.Tensor2D, bArg as tf.Tensor1D];
  (save as tf.GradSaveFunc)([x, w]);
  return {
    value: tf.fused.matMul({ a: x, b: w, bias: b }),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return [batchMatMulKernel(g, swapLastAxes(sw)), productGradB(sx, g), columnSum(g)];
    },
  };
});

/** x·W + b on [M, in]: the fused product where the backend allows it, else a product then an add. */
function affine2d(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  if (!recordingGradients()) return tf.fused.matMul({ a: x, b: w, bias: b }) as tf.Tensor2D;
  if (nnKernelsActive(x, w, b)) return affine(x, w, b) as tf.Tensor2D;
  return tf.add(matmul(x, w), b) as tf.Tensor2D;
}

/**
 * An affine map of the last axis: x [..., in] · W [in, out] + b [out] → [..., out]. `x` of any rank is
 * flattened to 2-D so the product takes the fast path.
 *
 * @example
 * linear(tf.ones([2, 3, 4]), tf.ones([4, 5]), tf.zeros([5])); // [2, 3, 5], every entry 4
 */
export function linear(x: tf.Tensor, weight: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor {
  const [inFeatures, outFeatures] = weight.shape;
  if (x.rank < 1 || x.shape[x.rank - 1] !== inFeatures) {
    throw new ShapeError(
      'linear',
      `input [${x.shape}] does not end in ${inFeatures} features`,
      `pass [..., ${inFeatures}]`,
    );
  }
  if (!recordingGradients() && nnKernelsActive(x, weight, ...(bias ? [bias] : []))) {
    return linearKernel(x, weight, bias); // one launch, no reshapes (kernels/linear-rows.ts)
  }
  return tf.tidy(() => {
    const flat = tf.reshape(x, [-1, inFeatures]) as tf.Tensor2D; // [N·…, in]
    const y = bias ? affine2d(flat, weight, bias) : matmul(flat, weight); // [N·…, out]
    return tf.reshape(y, [...x.shape.slice(0, -1), outFeatures]); // [..., out]
  });
}
