/**
 * Softmax cross-entropy for the token objectives (masked-token and next-token prediction).
 *
 * `tokenCrossEntropy` runs on nn's `sparseSoftmaxCrossEntropy` (integer labels: XNNPACK softmax, reductions
 * and a gather on wasm, finite for any logits), and adds label smoothing as a second, uniform term:
 * with y = (1 − ε)·onehot + ε/K,
 *   −Σ_k y_k log p_k = (1 − ε)·(−log p_label) + ε·(−(1/K) Σ_k log p_k),
 *   −(1/K) Σ_k log p_k = logsumexp(x) − mean_k x_k = (max_k x_k − log p_max) − mean_k x_k,
 * whose gradient is p − 1/K; together the gradient is p − y. `softmaxCrossEntropy` takes dense target
 * distributions instead.
 *
 * Papers: the cross-entropy of a softmax classifier, with its gradient ∂/∂x = p − y (Bishop, "Pattern
 * Recognition and Machine Learning", §4.3.4, eq. (4.109)); label smoothing y = (1 − ε)·onehot + ε/K from
 * Szegedy et al., "Rethinking the Inception Architecture for Computer Vision", arXiv:1512.00567, §7.
 *
 * Notation: M rows, K classes (codebook entries); x logits, y target distribution, p = softmax(x).
 */
import { FlopmatchError } from '@flopmatch/core';
import { ShapeError, sparseSoftmaxCrossEntropy } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';

/** Per row, −(1/K) Σ_k log softmax(x)_k (the label-smoothing term), with gradient p − 1/K. */
const uniformCrossEntropyRows = tf.customGrad((xArg, save) => {
  const x = xArg as tf.Tensor2D;
  const K = x.shape[1];
  const p = tf.softmax(x); // [M, K]
  (save as tf.GradSaveFunc)([p]);
  const logSumExp = tf.sub(tf.max(x, 1), tf.log(tf.max(p, 1))); // max x − log p_max; p_max ≥ 1/K
  return {
    value: tf.sub(logSumExp, tf.mean(x, 1)), // −(1/K) Σ_k (x_k − logsumexp x)
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sp] = saved as [tf.Tensor2D];
      return tf.mul(tf.reshape(dy, [-1, 1]), tf.sub(sp, 1 / K)); // p − 1/K
    },
  };
});

const crossEntropyRows = tf.customGrad((xArg, yArg, save) => {
  const x = xArg as tf.Tensor2D;
  const y = yArg as tf.Tensor2D;
  const z = tf.sub(x, tf.max(x, 1, true)); // x − max: every exp ≤ 1
  const logp = tf.sub(z, tf.log(tf.sum(tf.exp(z), 1, true))); // log softmax(x) = z − log Σ exp z
  (save as tf.GradSaveFunc)([tf.exp(logp), y]);
  return {
    value: tf.neg(tf.sum(tf.mul(y, logp), 1)), // ce = −Σ_k y_k log p_k
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [p, target] = saved as [tf.Tensor2D, tf.Tensor2D];
      const dyc = tf.reshape(dy, [-1, 1]); // [M, 1]
      const mass = tf.sum(target, 1, true); // Σ y (1 for a distribution)
      return [tf.mul(dyc, tf.sub(tf.mul(p, mass), target)), tf.zerosLike(target)]; // eq. (4.109): p − y
    },
  };
});

/**
 * Per-row cross-entropy −Σ_k y_k log softmax(x)_k for logits [M, K] and target distributions [M, K] → [M].
 *
 * @example
 * softmaxCrossEntropy(tf.tensor2d([[0, 0]]), tf.tensor2d([[1, 0]])); // [log 2]
 */
export function softmaxCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor1D {
  if (
    logits.rank !== 2 ||
    targets.rank !== 2 ||
    logits.shape[0] !== targets.shape[0] ||
    logits.shape[1] !== targets.shape[1]
  ) {
    throw new ShapeError(
      'softmaxCrossEntropy',
      `logits [${logits.shape}] and targets [${targets.shape}] differ`,
      'pass both as [M, K]',
    );
  }
  return crossEntropyRows(logits, targets) as tf.Tensor1D;
}

/** Options of `tokenCrossEntropy`. */
export interface TokenCrossEntropyOptions {
  /**
   * Per-position weights [N, T] (e.g. 1 on masked positions, 0 elsewhere); the loss is Σ w·ce / Σ w.
   * Default: every position weighs 1 (the plain mean).
   */
  weights?: tf.Tensor2D;
  /** Label smoothing ε ∈ [0, 1): targets (1 − ε)·onehot + ε/K (arXiv:1512.00567 §7). Default 0. */
  labelSmoothing?: number;
}

/**
 * Mean cross-entropy of logits [N, T, K] against token ids [N, T] (int32, in [0, K)).
 *
 * @example
 * const loss = tokenCrossEntropy(logits, ids, { weights: masked }); // scalar: mean over masked positions
 */
export function tokenCrossEntropy(
  logits: tf.Tensor3D,
  ids: tf.Tensor2D,
  options: TokenCrossEntropyOptions = {},
): tf.Scalar {
  const [N, T, K] = logits.shape;
  const eps = options.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps < 1)) {
    throw new FlopmatchError(
      'E_OPTION',
      `labelSmoothing = ${eps} is outside [0, 1)`,
      'use 0 (off) or e.g. 0.1',
    );
  }
  if (ids.rank !== 2 || ids.shape[0] !== N || ids.shape[1] !== T || ids.dtype !== 'int32') {
    throw new ShapeError(
      'tokenCrossEntropy',
      `ids [${ids.shape}] (${ids.dtype}) do not fit logits [${logits.shape}]`,
      'pass int32 ids [N, T]',
    );
  }
  const w = options.weights;
  if (w && (w.rank !== 2 || w.shape[0] !== N || w.shape[1] !== T)) {
    throw new ShapeError('tokenCrossEntropy', `weights [${w.shape}] do not fit [${N}, ${T}]`);
  }
  return tf.tidy(() => {
    const flatIds = tf.reshape(ids, [N * T]) as tf.Tensor1D; // [N·T]
    const x = tf.reshape(logits, [N * T, K]) as tf.Tensor2D; // [N·T, K]
    let ce = sparseSoftmaxCrossEntropy(x, flatIds); // −log p_label, [N·T]
    if (eps > 0) ce = tf.add(tf.mul(ce, 1 - eps), tf.mul(uniformCrossEntropyRows(x) as tf.Tensor1D, eps)); // y = (1 − ε)·onehot + ε/K
    if (!w) return tf.mean(ce) as tf.Scalar;
    const flatW = tf.reshape(w, [N * T]);
    return tf.div(tf.sum(tf.mul(ce, flatW)), tf.maximum(tf.sum(flatW), 1e-12)) as tf.Scalar; // Σ w·ce / Σ w
  });
}
