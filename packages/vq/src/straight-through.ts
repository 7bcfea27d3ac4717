/**
 * Gradient blocking for quantizers. TensorFlow.js has no `stop_gradient`, so both helpers are custom
 * gradients.
 *
 * - `stopGradient` (sg): the value of x, a zero gradient.
 * - `straightThrough`: the straight-through estimator (Y. Bengio, N. Léonard, A. Courville,
 *   arXiv:1308.3432, §4; as VQ-VAE uses it, A. van den Oord et al., arXiv:1711.00937, §3.2): the forward
 *   value is the quantized q, the backward pass copies the gradient to x unchanged — x + sg(q − x).
 */
import * as tf from '@tensorflow/tfjs-core';

const sg = tf.customGrad((x) => ({
  value: (x as tf.Tensor).clone(),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

/**
 * sg(x): x forward, zero gradient backward.
 *
 * @example
 * tf.grad((x) => tf.sum(stopGradient(x)))(tf.ones([2])); // [0, 0]
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return sg(x) as T;
}

const ste = tf.customGrad((_x, q) => ({
  value: (q as tf.Tensor).clone(),
  gradFunc: (dy: tf.Tensor) => [dy.clone(), tf.zerosLike(dy)],
}));

/**
 * Value q, gradient of the identity with respect to x (and none to q): x + sg(q − x).
 *
 * @example
 * straightThrough(x, tf.round(x)); // rounds forward, passes gradients through
 */
export function straightThrough<T extends tf.Tensor>(x: T, q: T): T {
  return ste(x, q) as T;
}
