/**
 * The latent scale factor — R. Rombach et al., "High-Resolution Image Synthesis with Latent Diffusion
 * Models", arXiv:2112.10752, §4.3.2 / App. G: latents are multiplied by s = 1/σ̂, σ̂ the standard deviation
 * of encoder latents over training images, so diffusion sees latents of about unit variance (its noise
 * schedule assumes it). Fitted once after training and stored with the weights.
 */
import { type Autoencoder, datasetImages } from '@flopmatch/autoencoder';
import type { Dataset, RandomSource } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import type { DiagonalGaussianBottleneck } from './diagonal-gaussian.js';

/** Options of `fitScaleFactor`. */
export interface FitScaleFactorOptions {
  /** Images used (the first `count` of the dataset). Default 512. */
  count?: number;
  /** `sample` latents z = μ + σ·ε (LDM) or the posterior `mean`. Default `sample`. */
  mode?: 'mean' | 'sample';
  /** Randomness of `sample`. Required for `sample`. */
  rng?: RandomSource;
  /** Images per encoder call. Default 64. */
  batchSize?: number;
}

/** What the fit measured. */
export interface ScaleFit {
  /** s = 1/σ̂, now stored in the bottleneck's `scale_factor` buffer. */
  scaleFactor: number;
  /** σ̂ and the mean of the unscaled latents. */
  std: number;
  mean: number;
  count: number;
}

/**
 * Measures σ̂ over `count` images and sets the bottleneck's scale factor to 1/σ̂.
 *
 * @example
 * const fit = fitScaleFactor(model, trainSet, { rng: rng.split('scale') });
 * fit.scaleFactor; // latents × scaleFactor have unit variance
 */
export function fitScaleFactor(
  model: Autoencoder<DiagonalGaussianBottleneck>,
  data: Dataset,
  options: FitScaleFactorOptions = {},
): ScaleFit {
  const count = Math.min(options.count ?? 512, data.size);
  const mode = options.mode ?? 'sample';
  const batchSize = options.batchSize ?? 64;
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let s = 0; s < count; s += batchSize) {
    const { images } = datasetImages(data, s, Math.min(batchSize, count - s));
    const values = tf.tidy(() =>
      model.bottleneck.sample(model.encoder.forward(images), mode, options.rng).dataSync(),
    );
    images.dispose();
    for (const v of values) {
      sum += v;
      sumSq += v * v;
    }
    n += values.length;
  }
  const mean = sum / n;
  const std = Math.sqrt(Math.max(0, sumSq / n - mean * mean)); // σ̂ about the mean, as torch's .std()
  const scaleFactor = 1 / std; // s = 1/σ̂
  model.bottleneck.scaleFactor.assign(tf.tensor1d([scaleFactor]));
  return { scaleFactor, std, mean, count };
}
