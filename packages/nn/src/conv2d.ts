/**
 * 2-D convolution in NHWC with a gradient that works, and stays fast, on every backend.
 *
 * The forward pass pads, then runs `tf.conv2d` (XNNPACK on wasm); both gradients are forward convolutions
 * too (`conv2d-gradients.ts`: V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep learning",
 * arXiv:1603.07285, §4), so training is 3–7× faster on wasm than with `Conv2DBackpropInput` and an im2col
 * weight gradient. `im2col` (K. Chellapilla, S. Puri, P. Simard, "High Performance Convolutional Neural
 * Networks for Document Processing", 2006, §3) stays exported for patch extraction.
 *
 * Legend: N batch, H×W input size, C input channels, O output channels, k kernel size, s stride.
 */
import { parseConfig, type RandomSource } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { validConv2d } from './conv2d-gradients.js';
import { OptionError, ShapeError } from './errors.js';
import { initWeight } from './init.js';
import { Module } from './module.js';

/**
 * Zero padding: `same` (output ⌈H/s⌉, extra row/column at the bottom/right, as TensorFlow), `valid`
 * (none), a number p on every side, or explicit [top, bottom, left, right].
 */
export type Conv2dPadding = 'same' | 'valid' | number | readonly [number, number, number, number];

/** Per-call options of `conv2d`. */
export interface Conv2dCall {
  /** Stride s in both directions. Default 1. */
  stride?: number;
  /** Default `same`. */
  padding?: Conv2dPadding;
}

/** Resolves `padding` to [top, bottom, left, right] for an input of h×w, kernel k, stride s. */
export function resolvePadding(
  padding: Conv2dPadding,
  h: number,
  w: number,
  k: number,
  s: number,
): [number, number, number, number] {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (typeof padding === 'number') return [padding, padding, padding, padding];
  if (padding === 'same') {
    const total = (size: number) => Math.max((Math.ceil(size / s) - 1) * s + k - size, 0);
    const [th, tw] = [total(h), total(w)];
    return [Math.floor(th / 2), th - Math.floor(th / 2), Math.floor(tw / 2), tw - Math.floor(tw / 2)];
  }
  return [padding[0], padding[1], padding[2], padding[3]];
}

/**
 * im2col: x [N, H, W, C] → patches [N, Ho, Wo, k·k·C] for a `valid` k×k window with stride s. Entry
 * ((i·k + j)·C + c) of a patch is x[·, s·y + i, s·x + j, c], matching a weight [k, k, C, O] flattened to
 * [k·k·C, O].
 */
export function im2col(x: tf.Tensor4D, k: number, stride: number): tf.Tensor4D {
  const [N, H, W, C] = x.shape;
  const Ho = Math.floor((H - k) / stride) + 1;
  const Wo = Math.floor((W - k) / stride) + 1;
  if (k === 1 && stride === 1) return x.clone();
  return tf.tidy(() => {
    const views: tf.Tensor4D[] = [];
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) {
        const end = [N, i + stride * (Ho - 1) + 1, j + stride * (Wo - 1) + 1, C];
        views.push(tf.stridedSlice(x, [0, i, j, 0], end, [1, stride, stride, 1]) as tf.Tensor4D); // [N, Ho, Wo, C]
      }
    return tf.concat(views, 3); // [N, Ho, Wo, k·k·C]
  });
}

/**
 * Convolution of x [N, H, W, C] with weight [k, k, C, O] (+ bias [O]) → [N, Ho, Wo, O].
 *
 * @example
 * conv2d(x, w, b, { stride: 2, padding: [0, 1, 0, 1] }); // LDM's downsampling conv
 */
export function conv2d(
  x: tf.Tensor4D,
  weight: tf.Tensor4D,
  bias?: tf.Tensor1D,
  call: Conv2dCall = {},
): tf.Tensor4D {
  const stride = call.stride ?? 1;
  const [kh, kw, C] = weight.shape;
  if (x.rank !== 4 || weight.rank !== 4 || kh !== kw || x.shape[3] !== C) {
    throw new ShapeError(
      'conv2d',
      `input [${x.shape}] and weight [${weight.shape}] do not fit`,
      'pass x [N, H, W, C] and a square weight [k, k, C, O]',
    );
  }
  if (!Number.isInteger(stride) || stride < 1)
    throw new OptionError('conv2d', 'stride', stride, 'a positive integer');
  const pad = resolvePadding(call.padding ?? 'same', x.shape[1], x.shape[2], kh, stride);
  return tf.tidy(() => {
    const padded = pad.some((p) => p > 0)
      ? tf.pad(x, [
          [0, 0],
          [pad[0], pad[1]],
          [pad[2], pad[3]],
          [0, 0],
        ])
      : x;
    if (padded.shape[1] < kh || padded.shape[2] < kw) {
      throw new ShapeError(
        'conv2d',
        `input [${x.shape}] padded by [${pad}] is smaller than the ${kh}×${kw} kernel`,
      );
    }
    const y = validConv2d(padded as tf.Tensor4D, weight, stride);
    return bias ? tf.add(y, bias) : y;
  });
}

/** Options of `Conv2d`. */
export interface Conv2dOptions {
  /** Source of the initial weights. Required. */
  rng: RandomSource;
  /** Stride s. Default 1. */
  stride?: number;
  /** Default `same`. */
  padding?: Conv2dPadding;
  /** Add a bias (zero init, no weight decay). Default true. */
  bias?: boolean;
  /**
   * Weight init: `xavier-uniform` over fans k·k·C and k·k·O (default), `normal` N(0, std²), or `zeros`
   * (zero-initialised output convs of residual blocks).
   */
  init?: 'xavier-uniform' | 'normal' | 'zeros';
  /** Standard deviation of the `normal` init. Default 0.02. */
  std?: number;
}

const PaddingSchema = z.union([
  z.enum(['same', 'valid']),
  z.number().int().nonnegative(),
  z.tuple([
    z.number().int().nonnegative(),
    z.number().int().nonnegative(),
    z.number().int().nonnegative(),
    z.number().int().nonnegative(),
  ]),
]);

const Conv2dConfigSchema = z.strictObject({
  type: z.literal('nn:conv2d'),
  version: z.literal(1),
  inChannels: z.number().int().positive(),
  outChannels: z.number().int().positive(),
  kernel: z.number().int().positive(),
  stride: z.number().int().positive(),
  padding: PaddingSchema,
  bias: z.boolean(),
  init: z.enum(['xavier-uniform', 'normal', 'zeros']),
  std: z.number().positive(),
});

/** The serialisable config of a `Conv2d`. */
export type Conv2dConfig = z.output<typeof Conv2dConfigSchema>;

/**
 * A k×k convolution layer in NHWC, weight [k, k, C, O].
 *
 * @example
 * const conv = new Conv2d(3, 64, 3, { rng }); // 'same' padding, stride 1
 * conv.forward(images); // [N, 32, 32, 3] → [N, 32, 32, 64]
 */
export class Conv2d extends Module {
  readonly config: Conv2dConfig;
  /** [k, k, C, O] */
  readonly weight: tf.Variable;
  readonly bias: tf.Variable | undefined;

  constructor(inChannels: number, outChannels: number, kernel: number, options: Conv2dOptions) {
    super();
    const padding = options.padding ?? 'same';
    this.config = parseConfig(
      Conv2dConfigSchema,
      {
        type: 'nn:conv2d',
        version: 1,
        inChannels,
        outChannels,
        kernel,
        stride: options.stride ?? 1,
        padding: typeof padding === 'object' ? [...padding] : padding,
        bias: options.bias ?? true,
        init: options.init ?? 'xavier-uniform',
        std: options.std ?? 0.02,
      },
      'Conv2d options',
    );
    const area = kernel * kernel;
    const fans = { fanIn: area * inChannels, fanOut: area * outChannels };
    this.weight = this.param(
      'weight',
      initWeight(
        this.config.init,
        [kernel, kernel, inChannels, outChannels],
        fans,
        this.config.std,
        options.rng,
      ),
    );
    this.bias = this.config.bias ? this.param('bias', tf.zeros([outChannels]), { decay: false }) : undefined;
  }

  /** x [N, H, W, C] → [N, Ho, Wo, O]. */
  forward(x: tf.Tensor4D): tf.Tensor4D {
    const { stride, padding } = this.config;
    return conv2d(x, this.weight as tf.Tensor4D, this.bias as tf.Tensor1D | undefined, {
      stride,
      padding: padding as Conv2dPadding,
    });
  }
}
