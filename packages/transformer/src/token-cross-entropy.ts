/**
 * Softmax cross-entropy for the token objectives (masked-token and next-token prediction), with the log-
 * softmax computed stably and a hand-written gradient that is fast on every backend (no `tf.gather`, whose
 * gradient needs `UnsortedSegmentSum`, missing on wasm): targets enter as one-hot (or label-smoothed) rows.
 *
 * Papers: the cross-entropy of a softmax classifier, with its gradient ∂/∂x = p − y (Bishop, "Pattern
 * Recognition and Machine Learning", §4.3.4, eq. (4.109)); label smoothing y = (1 − ε)·onehot + ε/K from
 * Szegedy et al., "Rethinking the Inception Architecture for Computer Vision", arXiv:1512.00567, §7.
 *
 * Notation: M rows, K classes (codebook entries); x logits, y target distribution, p = softmax(x).
 */
import { FlopmatchError } from '@flopmatch/core';
import { ShapeError } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';

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
    // tfjs-backend-wasm 4.22's OneHot writes int32 bits even when asked for float32: cast instead.
    let target = tf.cast(tf.oneHot(flatIds, K), 'float32') as tf.Tensor2D; // [N·T, K]
    if (eps > 0) target = tf.add(tf.mul(target, 1 - eps), eps / K) as tf.Tensor2D;
    const ce = softmaxCrossEntropy(tf.reshape(logits, [N * T, K]) as tf.Tensor2D, target); // [N·T]
    if (!w) return tf.mean(ce) as tf.Scalar;
    const flatW = tf.reshape(w, [N * T]);
    return tf.div(tf.sum(tf.mul(ce, flatW)), tf.maximum(tf.sum(flatW), 1e-12)) as tf.Scalar; // Σ w·ce / Σ w
  });
}
