/**
 * Activations with hand-written gradients (one or two kernels backward instead of autodiff's chain).
 *
 * - GELU — D. Hendrycks, K. Gimpel, "Gaussian Error Linear Units (GELUs)", arXiv:1606.08415, §2, the tanh
 *   approximation GPT-2 uses: gelu(x) ≈ ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
 * - SiLU — S. Elfwing, E. Uchibe, K. Doya, "Sigmoid-Weighted Linear Units …", arXiv:1702.03118, §2:
 *   silu(x) = x·σ(x).
 */
import * as tf from '@tensorflow/tfjs-core';
import { recordingGradients } from './tape.js';

const C = Math.sqrt(2 / Math.PI);
const A = 0.044715;

// ½(1 + tanh(u)) = σ(2u), so gelu(x) = x·σ(z) with z = 2u = x·(2C + 2CA·x²). tfjs-backend-wasm runs Sigmoid
// through XNNPACK and Tanh as a scalar loop ~20× slower; the two forms are equal.
const geluTanh = tf.customGrad((xArg, save) => {
  const x = xArg as tf.Tensor;
  const z = tf.mul(x, tf.add(tf.mul(tf.square(x), 2 * C * A), 2 * C)); // 2√(2/π)(x + 0.044715x³)
  const s = tf.sigmoid(z); // σ(z) = ½(1 + tanh(√(2/π)(x + 0.044715x³)))
  (save as tf.GradSaveFunc)([x, s]);
  return {
    value: tf.mul(x, s), // ½x(1 + t)
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, ss] = saved as [tf.Tensor, tf.Tensor];
      // d/dx = σ(z) + x·σ(z)(1 − σ(z))·z′, z′ = 2√(2/π)(1 + 3·0.044715x²)
      const dz = tf.add(tf.mul(tf.square(sx), 6 * C * A), 2 * C);
      const slope = tf.mul(tf.mul(sx, tf.sub(ss, tf.square(ss))), dz);
      return [tf.mul(dy, tf.add(ss, slope))];
    },
  };
});

/**
 * GELU, tanh approximation (as GPT-2).
 *
 * @example
 * gelu(tf.tensor1d([0, 1])); // [0, 0.8412]
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  if (recordingGradients()) return geluTanh(x);
  return tf.tidy(() => tf.mul(x, tf.sigmoid(tf.mul(x, tf.add(tf.mul(tf.square(x), 2 * C * A), 2 * C)))));
}

const siluFn = tf.customGrad((xArg, save) => {
  const x = xArg as tf.Tensor;
  const s = tf.sigmoid(x);
  (save as tf.GradSaveFunc)([x, s]);
  return {
    value: tf.mul(x, s),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, ss] = saved as [tf.Tensor, tf.Tensor];
      return [tf.mul(dy, tf.mul(ss, tf.add(1, tf.mul(sx, tf.sub(1, ss)))))]; // σ(1 + x(1 − σ))
    },
  };
});

/**
 * SiLU (swish): x·σ(x).
 *
 * @example
 * silu(tf.tensor1d([0, 1])); // [0, 0.7311]
 */
export function silu(x: tf.Tensor): tf.Tensor {
  return recordingGradients() ? siluFn(x) : tf.tidy(() => tf.mul(x, tf.sigmoid(x)));
}
