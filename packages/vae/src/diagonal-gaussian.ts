/**
 * The KL-regularised bottleneck of a VAE — D. P. Kingma, M. Welling, "Auto-Encoding Variational Bayes",
 * arXiv:1312.6114: a diagonal Gaussian posterior q(z|x) = N(μ, σ²) whose mean and log-variance the encoder
 * predicts, sampled with the reparameterisation z = μ + σ·ε (§2.4), and the KL divergence to N(0, I) in
 * closed form (App. B):  KL = ½ Σ (μ² + σ² − 1 − log σ²).
 *
 * Weighting follows LDM's KL autoencoders (R. Rombach et al., arXiv:2112.10752, App. G: a KL weight of
 * about 10⁻⁶ against a reconstruction loss summed over pixels): the loss term here is
 * w · KL(image) / (H·W·C), i.e. the same ratio when the reconstruction loss is a per-pixel mean.
 * The log-variance is clamped to [−30, 20] as in LDM.
 *
 * Notation: c = `latentChannels` (the encoder emits 2c: μ then log σ²), w = `klWeight`.
 */
import type {
  Bottleneck as BottleneckBase,
  BottleneckContext,
  BottleneckOutput,
} from '@flopmatch/autoencoder';
import { Bottleneck } from '@flopmatch/autoencoder';
import { type FlopCount, parseConfig, type RandomSource } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { z as zod } from 'zod';

/** Bounds of the predicted log-variance (LDM). */
export const LOGVAR_RANGE = Object.freeze([-30, 20] as const);

/** Options of `DiagonalGaussianBottleneck` (also its serialisable config). */
export const DiagonalGaussianConfigSchema = zod.strictObject({
  type: zod.literal('vae:diagonal-gaussian').default('vae:diagonal-gaussian'),
  version: zod.literal(1).default(1),
  /** c, channels of the latent (bits per position in the contract's sense). Default 4. */
  latentChannels: zod.number().int().positive().default(4),
  /**
   * w, the KL weight relative to a per-pixel reconstruction loss (LDM's convention). Typical 1e-6 … 1e-3;
   * larger values give smoother, lower-variance latents and blurrier reconstructions. Default 1e-6.
   */
  klWeight: zod.number().min(0).max(1).default(1e-6),
});

/** A `DiagonalGaussianBottleneck`'s config (parsed). */
export type DiagonalGaussianConfig = zod.output<typeof DiagonalGaussianConfigSchema>;
/** What a caller may pass. */
export type DiagonalGaussianOptions = zod.input<typeof DiagonalGaussianConfigSchema>;

/** μ and log σ² (clamped) from an encoder output [N, h, w, 2c]. */
export function splitMoments(z: tf.Tensor4D, c: number): { mean: tf.Tensor4D; logvar: tf.Tensor4D } {
  return tf.tidy(() => {
    const [mean, raw] = tf.split(z, [c, c], 3) as [tf.Tensor4D, tf.Tensor4D];
    return { mean, logvar: tf.clipByValue(raw, LOGVAR_RANGE[0], LOGVAR_RANGE[1]) as tf.Tensor4D };
  });
}

/**
 * KL(N(μ, σ²) ‖ N(0, I)) summed over each image's latent, averaged over the batch (a scalar).
 *
 * @example
 * klDivergence(tf.zeros([1, 1, 1, 1]), tf.zeros([1, 1, 1, 1])); // 0
 */
export function klDivergence(mean: tf.Tensor4D, logvar: tf.Tensor4D): tf.Scalar {
  return tf.tidy(() => {
    const terms = tf.sub(tf.add(tf.square(mean), tf.exp(logvar)), tf.add(logvar, 1)); // μ² + σ² − 1 − log σ²
    return tf.mean(tf.mul(tf.sum(terms, [1, 2, 3]), 0.5)) as tf.Scalar; // App. B: ½ Σ (…) per image
  });
}

/**
 * @example
 * const bottleneck = new DiagonalGaussianBottleneck({ latentChannels: 4, klWeight: 1e-6 });
 * bottleneck.forward(z, { training: true, rng }); // z [N, 8, 8, 8] → latent [N, 8, 8, 4], losses.kl
 */
export class DiagonalGaussianBottleneck extends Bottleneck {
  readonly kind = 'continuous' as const;
  readonly config: DiagonalGaussianConfig;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly bitsPerPosition: number;
  /** The latent scale factor [1] (1 until fitted; saved with the weights). */
  readonly scaleFactor: tf.Variable;

  constructor(options: DiagonalGaussianOptions = {}, _rng?: RandomSource) {
    super();
    this.config = parseConfig(DiagonalGaussianConfigSchema, options, 'DiagonalGaussianBottleneck options');
    const c = this.config.latentChannels;
    this.inChannels = 2 * c;
    this.outChannels = c;
    this.bitsPerPosition = c;
    this.scaleFactor = this.buffer('scale_factor', tf.variable(tf.ones([1]), false));
  }

  /** μ, or μ + σ·ε with ε ~ N(0, I) drawn from `rng` (§2.4 reparameterisation). Unscaled. */
  sample(z: tf.Tensor4D, mode: 'mean' | 'sample', rng?: RandomSource): tf.Tensor4D {
    return tf.tidy(() => {
      const { mean, logvar } = splitMoments(z, this.outChannels);
      if (mode === 'mean') return mean;
      if (!rng) throw new Error('DiagonalGaussianBottleneck.sample: mode "sample" needs an rng');
      const eps = tf.randomNormal(mean.shape, 0, 1, 'float32', rng.tfSeed());
      return tf.add(mean, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps)) as tf.Tensor4D; // z = μ + σ·ε
    });
  }

  forward(z: tf.Tensor4D, context: BottleneckContext): BottleneckOutput {
    return tf.tidy(() => {
      const losses: Record<string, tf.Scalar> = {};
      if (!context.training) return { latent: this.sample(z, 'mean'), losses };
      const { mean, logvar } = splitMoments(z, this.outChannels);
      const [, h, w, c] = mean.shape;
      const pixels = context.pixelsPerImage ?? h * w * c;
      losses.kl = tf.mul(klDivergence(mean, logvar), this.config.klWeight / pixels) as tf.Scalar; // w·KL/(H·W·C)
      return { latent: this.sample(z, 'sample', context.rng), losses };
    });
  }

  /** Splitting μ and σ, sampling: elementwise, no counted FLOPs. */
  encodeFlopsPerPosition(): FlopCount {
    return { model: 0, executed: 0 };
  }
}

/** A bottleneck is a `DiagonalGaussianBottleneck`. */
export function isDiagonalGaussian(b: BottleneckBase): b is DiagonalGaussianBottleneck {
  return b instanceof DiagonalGaussianBottleneck;
}
