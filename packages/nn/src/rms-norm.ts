/**
 * Root-mean-square normalisation — B. Zhang, R. Sennrich, "Root Mean Square Layer Normalization",
 * arXiv:1910.07467, §4: y = x / RMS(x) ⊙ g, RMS(x) = √(mean(x²) + ε) over the last axis (no centring).
 */
import { parseConfig } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { Module } from './module.js';

/** RMSNorm over the last axis with an optional gain `gamma` [dim]. */
export function rmsNorm(x: tf.Tensor, gamma?: tf.Tensor, eps = 1e-6): tf.Tensor {
  return tf.tidy(() => {
    const r = tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), eps)); // eq. (4): 1/RMS(x)
    const y = tf.mul(x, r);
    return gamma ? tf.mul(y, gamma) : y;
  });
}

/** Options of `RMSNorm`. */
export interface RMSNormOptions {
  /** ε added to the mean square. Default 1e-6 (LLaMA). */
  eps?: number;
  /** Learn a gain g (init 1, excluded from weight decay). Default true. */
  affine?: boolean;
}

const RMSNormConfigSchema = z.strictObject({
  type: z.literal('nn:rms-norm'),
  version: z.literal(1),
  dim: z.number().int().positive(),
  eps: z.number().nonnegative(),
  affine: z.boolean(),
});

/** The serialisable config of an `RMSNorm`. */
export type RMSNormConfig = z.output<typeof RMSNormConfigSchema>;

/**
 * RMSNorm over the last axis of [..., dim].
 *
 * @example
 * new RMSNorm(4).forward(tf.tensor1d([1, 1, 1, 1])); // [1, 1, 1, 1] (up to ε)
 */
export class RMSNorm extends Module {
  readonly config: RMSNormConfig;
  readonly weight: tf.Variable | undefined;

  constructor(dim: number, options: RMSNormOptions = {}) {
    super();
    this.config = parseConfig(
      RMSNormConfigSchema,
      { type: 'nn:rms-norm', version: 1, dim, eps: options.eps ?? 1e-6, affine: options.affine ?? true },
      'RMSNorm options',
    );
    this.weight = this.config.affine ? this.param('weight', tf.ones([dim]), { decay: false }) : undefined;
  }

  /** [..., dim] → [..., dim]. */
  forward(x: tf.Tensor): tf.Tensor {
    return rmsNorm(x, this.weight, this.config.eps);
  }
}
