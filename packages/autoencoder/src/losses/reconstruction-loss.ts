/**
 * Pixel reconstruction loss: w₁·mean|x − x̂| + w₂·mean(x − x̂)² over every pixel and channel. L1 keeps edges
 * sharp, L2 punishes large errors (the VQGAN/LDM autoencoders train on L1 plus perceptual and GAN terms;
 * P. Esser et al., arXiv:2012.09841, §3.2).
 */
import * as tf from '@tensorflow/tfjs-core';
import { AutoencoderShapeError } from '../errors.js';

/** Weights of the two pixel terms. */
export interface ReconstructionWeights {
  /** w₁ of mean |x − x̂|. */
  l1: number;
  /** w₂ of mean (x − x̂)². */
  l2: number;
}

/** The weighted loss and its two unweighted parts (scalars the caller disposes). */
export interface ReconstructionLoss {
  total: tf.Scalar;
  l1: tf.Scalar;
  l2: tf.Scalar;
}

/**
 * @example
 * const { total } = reconstructionLoss(images, recon, { l1: 1, l2: 1 });
 */
export function reconstructionLoss(
  images: tf.Tensor4D,
  reconstruction: tf.Tensor4D,
  weights: ReconstructionWeights,
): ReconstructionLoss {
  if (images.shape.join() !== reconstruction.shape.join()) {
    throw new AutoencoderShapeError(
      'reconstructionLoss',
      `images [${images.shape}] and reconstruction [${reconstruction.shape}] differ in shape`,
    );
  }
  return tf.tidy(() => {
    const diff = tf.sub(images, reconstruction);
    const l1 = tf.mean(tf.abs(diff)) as tf.Scalar;
    const l2 = tf.mean(tf.square(diff)) as tf.Scalar;
    const total = tf.add(tf.mul(l1, weights.l1), tf.mul(l2, weights.l2)) as tf.Scalar;
    return { total, l1, l2 };
  });
}
