/**
 * Resolution changes for convolutional encoders/decoders (as in LDM — R. Rombach et al., "High-Resolution
 * Image Synthesis with Latent Diffusion Models", arXiv:2112.10752, Appendix G's autoencoder): nearest-
 * neighbour ×2 upsampling (optionally followed by a 3×3 conv) and ×2 downsampling by a stride-2 3×3 conv
 * padded [0, 1, 0, 1] or by 2×2 average pooling.
 */
import type { RandomSource } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { Conv2d, type Conv2dCall } from './conv2d.js';
import { ShapeError } from './errors.js';
import { Module } from './module.js';

/**
 * Nearest-neighbour ×2 upsampling: [N, H, W, C] → [N, 2H, 2W, C], out[2i + a, 2j + b] = x[i, j].
 *
 * @example
 * upsample2x(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1])); // rows [1 1 2 2], [1 1 2 2], [3 3 4 4], [3 3 4 4]
 */
export function upsample2x(x: tf.Tensor4D): tf.Tensor4D {
  const [, H, W] = x.shape;
  return tf.image.resizeNearestNeighbor(x, [2 * H, 2 * W]);
}

/** 2×2 average pooling with stride 2: [N, H, W, C] → [N, H/2, W/2, C] (H and W even). */
export function avgPool2x(x: tf.Tensor4D): tf.Tensor4D {
  const [, H, W] = x.shape;
  if (H % 2 !== 0 || W % 2 !== 0)
    throw new ShapeError(
      'avgPool2x',
      `input [${x.shape}] has an odd height or width`,
      'pad it to even size first',
    );
  return tf.avgPool(x, 2, 2, 'valid');
}

/** Options of `Upsample` and `Downsample`. */
export interface ResampleOptions {
  /** Source of the conv's initial weights. Required when `conv` is true. */
  rng?: RandomSource;
  /** Use a learned 3×3 conv (default true); false gives plain nearest upsampling / average pooling. */
  conv?: boolean;
}

/**
 * ×2 nearest upsampling followed by a 3×3 `same` conv (LDM's `Upsample`).
 *
 * @example
 * new Upsample(64, { rng }).forward(h); // [N, 8, 8, 64] → [N, 16, 16, 64]
 */
export class Upsample extends Module {
  readonly conv: Conv2d | undefined;
  constructor(channels: number, options: ResampleOptions = {}) {
    super();
    const conv = learnedConv(channels, options, 'Upsample', {});
    this.conv = conv && this.module('conv', conv);
  }
  forward(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const up = upsample2x(x);
      return this.conv ? this.conv.forward(up) : up;
    });
  }
}

/**
 * ×2 downsampling: a stride-2 3×3 conv padded [0, 1, 0, 1] (LDM's `Downsample`), or 2×2 average pooling.
 *
 * @example
 * new Downsample(64, { rng }).forward(h); // [N, 16, 16, 64] → [N, 8, 8, 64]
 */
export class Downsample extends Module {
  readonly conv: Conv2d | undefined;
  constructor(channels: number, options: ResampleOptions = {}) {
    super();
    const conv = learnedConv(channels, options, 'Downsample', { stride: 2, padding: [0, 1, 0, 1] });
    this.conv = conv && this.module('conv', conv);
  }
  forward(x: tf.Tensor4D): tf.Tensor4D {
    return this.conv ? this.conv.forward(x) : avgPool2x(x);
  }
}

/** The 3×3 channels → channels conv of a resampler, or undefined for `{ conv: false }`. */
function learnedConv(
  channels: number,
  options: ResampleOptions,
  where: string,
  call: Conv2dCall,
): Conv2d | undefined {
  if (options.conv === false) return undefined;
  if (!options.rng)
    throw new ShapeError(where, 'a learned conv needs `rng`', 'pass { rng } or { conv: false }');
  return new Conv2d(channels, channels, 3, { rng: options.rng, ...call });
}
