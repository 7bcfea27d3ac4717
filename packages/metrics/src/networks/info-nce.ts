/**
 * The symmetric contrastive loss of CLIP — Radford et al., "Learning Transferable Visual Models From
 * Natural Language Supervision", arXiv:2103.00020, §2.3 and Figure 3: for a batch of N matching
 * (image, text) pairs with L2-normalised embeddings Iᵢ, Tⱼ and learned temperature τ,
 *
 *   logits = (I·Tᵀ) · e^t,  t = log(1/τ)
 *   loss = ½ (CE(logits, rows) + CE(logitsᵀ, rows)),  the label of row i being i.
 *
 * Notation: `logScale` is t (CLIP's `t`, stored as a log so it stays positive).
 */
import { matmul } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';
import { MetricInputError } from '../errors.js';

/**
 * Symmetric InfoNCE of normalised image embeddings [N, E] and text embeddings [N, E]; row i of each is a
 * pair. Duplicate captions in a batch count as negatives, as in CLIP.
 *
 * @example
 * const loss = symmetricInfoNce(imageEmb, textEmb, logScale); // scalar
 */
export function symmetricInfoNce(images: tf.Tensor2D, texts: tf.Tensor2D, logScale: tf.Tensor): tf.Scalar {
  const [n, e] = images.shape;
  if (texts.shape[0] !== n || texts.shape[1] !== e) {
    throw new MetricInputError(
      `InfoNCE: image embeddings [${images.shape}] and text embeddings [${texts.shape}] differ`,
    );
  }
  return tf.tidy(() => {
    const logits = tf.mul(matmul(images, tf.transpose(texts)), tf.exp(logScale)); // Figure 3: logits = I·Tᵀ·e^t
    const eye = tf.eye(n);
    const rows = tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), eye), 1))); // Figure 3: loss_t (axis=1), CE over texts per image
    const cols = tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(tf.transpose(logits)), eye), 1))); // Figure 3: loss_i (axis=0), CE over images per text
    return tf.mul(tf.add(rows, cols), 0.5) as tf.Scalar; // loss = (loss_i + loss_t) / 2
  });
}

/** Rows scaled to unit L2 norm (ε guards all-zero rows). */
export function l2Normalize(x: tf.Tensor2D, eps = 1e-8): tf.Tensor2D {
  return tf.tidy(() => tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), 1, true), eps))) as tf.Tensor2D);
}
