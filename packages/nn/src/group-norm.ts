/**
 * Group normalisation — Y. Wu, K. He, "Group Normalization", arXiv:1803.08494, §3.1, eqs. (1)–(2) with
 * the group set of eq. (7): the C channels of an NHWC tensor are split into G groups and each
 * (sample, group) is normalised over its H·W·C/G values, then scaled and shifted per channel.
 */
import { parseConfig } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { OptionError, ShapeError } from './errors.js';
import { Module } from './module.js';

/** GroupNorm of x [N, H, W, C] with `groups` groups; optional γ, β [C]. */
export function groupNorm(
  x: tf.Tensor4D,
  groups: number,
  gamma?: tf.Tensor,
  beta?: tf.Tensor,
  eps = 1e-5,
): tf.Tensor4D {
  const [N, H, W, C] = x.shape;
  if (x.rank !== 4 || C % groups !== 0) {
    throw new ShapeError(
      'groupNorm',
      `input [${x.shape}] cannot be split into ${groups} channel groups`,
      'pass [N, H, W, C] with C divisible by groups',
    );
  }
  return tf.tidy(() => {
    const g = tf.reshape(x, [N, H * W, groups, C / groups]); // [N, HW, G, C/G]
    const { mean, variance } = tf.moments(g, [1, 3], true); // eq. (1): μ, σ² per (sample, group)
    const normed = tf.mul(tf.sub(g, mean), tf.rsqrt(tf.add(variance, eps))); // eq. (1): x̂
    let y: tf.Tensor = tf.reshape(normed, [N, H, W, C]);
    if (gamma) y = tf.mul(y, gamma); // eq. (2): γx̂ + β
    if (beta) y = tf.add(y, beta);
    return y as tf.Tensor4D;
  });
}

/** Options of `GroupNorm`. */
export interface GroupNormOptions {
  /** ε added to the variance. Default 1e-5 (PyTorch; LDM's autoencoders use 1e-6). */
  eps?: number;
  /** Learn γ (init 1) and β (init 0) per channel, without weight decay. Default true. */
  affine?: boolean;
}

const GroupNormConfigSchema = z.strictObject({
  type: z.literal('nn:group-norm'),
  version: z.literal(1),
  groups: z.number().int().positive(),
  channels: z.number().int().positive(),
  eps: z.number().nonnegative(),
  affine: z.boolean(),
});

/** The serialisable config of a `GroupNorm`. */
export type GroupNormConfig = z.output<typeof GroupNormConfigSchema>;

/**
 * GroupNorm over NHWC feature maps.
 *
 * @example
 * const norm = new GroupNorm(32, 128);
 * norm.forward(h); // [N, H, W, 128]
 */
export class GroupNorm extends Module {
  readonly config: GroupNormConfig;
  readonly weight: tf.Variable | undefined;
  readonly bias: tf.Variable | undefined;

  constructor(groups: number, channels: number, options: GroupNormOptions = {}) {
    super();
    if (Number.isInteger(groups) && groups > 0 && channels % groups !== 0) {
      throw new OptionError('GroupNorm', 'groups', groups, `a divisor of channels = ${channels}`);
    }
    this.config = parseConfig(
      GroupNormConfigSchema,
      {
        type: 'nn:group-norm',
        version: 1,
        groups,
        channels,
        eps: options.eps ?? 1e-5,
        affine: options.affine ?? true,
      },
      'GroupNorm options',
    );
    this.weight = this.config.affine
      ? this.param('weight', tf.ones([channels]), { decay: false })
      : undefined;
    this.bias = this.config.affine ? this.param('bias', tf.zeros([channels]), { decay: false }) : undefined;
  }

  /** [N, H, W, C] → [N, H, W, C]. */
  forward(x: tf.Tensor4D): tf.Tensor4D {
    return groupNorm(x, this.config.groups, this.weight, this.bias, this.config.eps);
  }
}
