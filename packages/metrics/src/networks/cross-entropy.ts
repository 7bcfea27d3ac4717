/**
 * Softmax cross-entropy with integer labels and ignored rows, built from one-hot targets made on the host
 * (no `tf.gather`, whose gradient the wasm backend lacks): loss = −(1/M′) Σᵢ log softmax(zᵢ)[yᵢ] over the
 * M′ rows whose label is not `IGNORE_LABEL`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MetricInputError } from '../errors.js';

/** Label of a row that does not count (e.g. the colour of an empty cell). */
export const IGNORE_LABEL = -1;

/**
 * Mean cross-entropy of logits [M, K] against `labels` (length M, each in [0, K) or `IGNORE_LABEL`). Returns
 * 0 when every row is ignored.
 *
 * @example
 * crossEntropy(tf.tensor2d([[0, 0]]), Int32Array.of(1)); // log 2
 */
export function crossEntropy(logits: tf.Tensor2D, labels: Int32Array): tf.Scalar {
  const [m, k] = logits.shape;
  if (labels.length !== m) {
    throw new MetricInputError(`crossEntropy: ${labels.length} labels for ${m} rows of logits`);
  }
  const oneHot = new Float32Array(m * k);
  let counted = 0;
  for (let i = 0; i < m; i++) {
    const y = labels[i]!;
    if (y === IGNORE_LABEL) continue;
    if (!(y >= 0 && y < k))
      throw new MetricInputError(`crossEntropy: label ${y} at row ${i} is not in [0, ${k})`);
    oneHot[i * k + y] = 1;
    counted++;
  }
  return tf.tidy(() => {
    if (counted === 0) return tf.scalar(0);
    const target = tf.tensor2d(oneHot, [m, k]);
    return tf.div(tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)))), counted) as tf.Scalar;
  });
}

/** Row-wise argmax of row-major values [M, K] (first maximum wins). */
export function argmaxRows(
  values: ArrayLike<number>,
  m: number,
  k: number,
  offset = 0,
  stride = k,
): Int32Array {
  const out = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    let best = 0;
    let bestValue = -Infinity;
    for (let j = 0; j < k; j++) {
      const v = values[i * stride + offset + j]!;
      if (v > bestValue) {
        bestValue = v;
        best = j;
      }
    }
    out[i] = best;
  }
  return out;
}
