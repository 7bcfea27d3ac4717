/**
 * Hinge GAN losses — J. H. Lim, J. C. Ye, "Geometric GAN", arXiv:1705.02894, §3 (the SVM-margin
 * objectives), with the ½ on the discriminator loss that VQGAN's training uses (P. Esser et al.,
 * arXiv:2012.09841, §3.2):
 *
 *   L_D = ½ · ( E[max(0, 1 − D(x))] + E[max(0, 1 + D(x̂))] )
 *   L_G = −E[D(x̂)]
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * The discriminator's hinge loss from its logits on real and reconstructed images.
 *
 * @example
 * hingeDiscriminatorLoss(tf.tensor([2]), tf.tensor([-2])).dataSync(); // [0]: both beyond the margin
 */
export function hingeDiscriminatorLoss(realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const real = tf.mean(tf.relu(tf.sub(1, realLogits)));
    const fake = tf.mean(tf.relu(tf.add(1, fakeLogits)));
    return tf.mul(0.5, tf.add(real, fake)) as tf.Scalar; // L_D
  });
}

/** The generator's (decoder's) adversarial loss −E[D(x̂)]. */
export function hingeGeneratorLoss(fakeLogits: tf.Tensor): tf.Scalar {
  return tf.neg(tf.mean(fakeLogits)) as tf.Scalar; // L_G
}
