/**
 * The adaptive weight of the GAN loss — P. Esser, R. Rombach, B. Ommer, "Taming Transformers for
 * High-Resolution Image Synthesis", arXiv:2012.09841, §3.2, eq. (7):
 *
 *   λ = ‖∇_{G_L}[L_rec]‖ / (‖∇_{G_L}[L_GAN]‖ + δ)
 *
 * with G_L the decoder's last layer and δ = 10⁻⁶; λ is clamped to [0, 10⁴] and treated as a constant, so the
 * adversarial gradient reaching the decoder's last layer has the size of the reconstruction gradient.
 */
import * as tf from '@tensorflow/tfjs-core';

/** δ of eq. (7). */
export const ADAPTIVE_WEIGHT_DELTA = 1e-6;
/** Upper clamp of λ (VQGAN's code). */
export const ADAPTIVE_WEIGHT_MAX = 1e4;

/**
 * λ from the gradients of the reconstruction and GAN losses with respect to the last layer's weight.
 *
 * @example
 * adaptiveGanWeight(tf.tensor([3, 4]), tf.tensor([0.6, 0.8])); // 5 / (1 + 1e-6) ≈ 5
 */
export function adaptiveGanWeight(recGrad: tf.Tensor, ganGrad: tf.Tensor): number {
  const [rec, gan] = tf.tidy(() => [tf.norm(recGrad).dataSync()[0]!, tf.norm(ganGrad).dataSync()[0]!]);
  const lambda = rec / (gan + ADAPTIVE_WEIGHT_DELTA); // eq. (7)
  return Math.min(ADAPTIVE_WEIGHT_MAX, Math.max(0, lambda));
}
