/**
 * Root-mean-square normalisation — B. Zhang, R. Sennrich, "Root Mean Square Layer Normalization",
 * arXiv:1910.07467, §4: y = x / RMS(x) ⊙ g, RMS(x) = √(mean(x²) + ε) over the last axis (no centring).
 *
 * Notation: x̂ = x·r with r = 1/RMS(x). Hand-written gradient: dx = r · (dx̂ − x̂ · mean(dx̂ ⊙ x̂)), and for a
 * per-feature gain dg = Σ_rows dy ⊙ x̂ (nn's column-sum kernel).
 */
import { parseConfig } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { columnSum } from './kernels/ops.js';
import { Module } from './module.js';
import { cached, perFeature } from './norm-helpers.js';
import { recordingGradients } from './tape.js';

/** x̂ = x·r, r = 1/√(mean(x²) + ε) over the last axis. */
function rmsStandardize(x: tf.Tensor, eps: number): { xhat: tf.Tensor; r: tf.Tensor } {
  const r = tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), eps)); // eq. (4): 1/RMS(x)
  return { xhat: tf.mul(x, r), r };
}

/** ∂x from ∂x̂: r · (dx̂ − x̂ · mean(dx̂ ⊙ x̂)). */
function rmsStandardizeGrad(dxhat: tf.Tensor, xhat: tf.Tensor, r: tf.Tensor): tf.Tensor {
  return tf.mul(r, tf.sub(dxhat, tf.mul(xhat, tf.mean(tf.mul(dxhat, xhat), -1, true))));
}

function rmsNormalizer(eps: number) {
  return tf.customGrad((xArg, save) => {
    const { xhat, r } = rmsStandardize(xArg as tf.Tensor, eps);
    (save as tf.GradSaveFunc)([xhat, r]);
    return {
      value: xhat,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [rmsStandardizeGrad(dy, saved[0]!, saved[1]!)],
    };
  });
}

function rmsGainNormalizer(eps: number) {
  return tf.customGrad((xArg, gArg, save) => {
    const g = gArg as tf.Tensor;
    const { xhat, r } = rmsStandardize(xArg as tf.Tensor, eps);
    (save as tf.GradSaveFunc)([xhat, r, g]);
    return {
      value: tf.mul(xhat, g), // eq. (4): x / RMS(x) ⊙ g
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sh, sr, sg] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        return [rmsStandardizeGrad(tf.mul(dy, sg), sh, sr), columnSum(tf.mul(dy, sh))];
      },
    };
  });
}

const plain = new Map<number, ReturnType<typeof rmsNormalizer>>();
const withGain = new Map<number, ReturnType<typeof rmsGainNormalizer>>();

/** RMSNorm over the last axis with an optional gain `gamma` [dim]. */
export function rmsNorm(x: tf.Tensor, gamma?: tf.Tensor, eps = 1e-6): tf.Tensor {
  if (!recordingGradients()) {
    return tf.tidy(() => {
      const { xhat } = rmsStandardize(x, eps);
      return gamma ? tf.mul(xhat, gamma) : xhat;
    });
  }
  if (gamma && perFeature(x, gamma)) return cached(withGain, eps, rmsGainNormalizer)(x, gamma);
  const f = cached(plain, eps, rmsNormalizer);
  return tf.tidy(() => (gamma ? tf.mul(f(x), gamma) : f(x)));
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
