/**
 * Softmax cross-entropy against integer labels, with a hand-written gradient — C. M. Bishop, "Pattern
 * Recognition and Machine Learning", §4.3.4: E = −Σ_k y_k log p_k with p = softmax(x), eq. (4.108), and
 * ∂E/∂x = p − y, eq. (4.109), for one-hot y.
 *
 * Notation: M rows, K classes, x logits [M, K], y_i the label of row i, p = softmax(x).
 *
 * Every step uses kernels the wasm backend runs fast (XNNPACK `Softmax`, reductions over the last axis, a
 * gather): −log p_y = (max_k x_k − x_y) − log p_max, because p_max = 1/Σ_k exp(x_k − max x) is the softmax
 * at the arg-max. p_max ≥ 1/K never underflows, so the loss stays finite for any logits, without the
 * scalar `Exp`/`Log` over all M·K entries of `logSoftmax`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from './errors.js';

const crossEntropyRows = tf.customGrad((xArg, yArg, save) => {
  const x = xArg as tf.Tensor2D;
  const labels = yArg as tf.Tensor1D;
  const [M, K] = x.shape;
  const p = tf.softmax(x); // [M, K]
  (save as tf.GradSaveFunc)([p, labels]);
  const flat = tf.add(tf.mul(tf.range(0, M, 1, 'int32'), tf.scalar(K, 'int32')), labels); // index of x[i, y_i]
  const picked = tf.gather(tf.reshape(x, [M * K]), flat); // x[i, y_i], [M]
  const gap = tf.sub(tf.max(x, 1), picked); // max_k x_k − x_y ≥ 0
  return {
    value: tf.sub(gap, tf.log(tf.max(p, 1))), // eq. (4.108): −log p_y = gap − log p_max
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sp, sl] = saved as [tf.Tensor2D, tf.Tensor1D];
      const onehot = tf.cast(tf.oneHot(sl, K), 'float32'); // (wasm's OneHot writes int32 bits: cast)
      return [tf.mul(tf.reshape(dy, [M, 1]), tf.sub(sp, onehot)), tf.zerosLike(sl)]; // eq. (4.109): p − y
    },
  };
});

/**
 * Per-row cross-entropy −log softmax(x_i)[y_i] for logits [M, K] and int32 labels [M] in [0, K) → [M].
 *
 * @example
 * sparseSoftmaxCrossEntropy(tf.tensor2d([[0, 0]]), tf.tensor1d([1], 'int32')); // [log 2]
 */
export function sparseSoftmaxCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  if (logits.rank !== 2 || labels.rank !== 1 || labels.shape[0] !== logits.shape[0]) {
    throw new ShapeError(
      'sparseSoftmaxCrossEntropy',
      `logits [${logits.shape}] and labels [${labels.shape}] do not fit`,
      'pass logits [M, K] and labels [M]',
    );
  }
  if (labels.dtype !== 'int32') {
    throw new ShapeError(
      'sparseSoftmaxCrossEntropy',
      `labels must be int32, got ${labels.dtype}`,
      'tf.cast(labels, "int32")',
    );
  }
  return crossEntropyRows(logits, labels) as tf.Tensor1D;
}
