/**
 * 2-D convolution (NHWC), one image: forward = 2·k²·Cin·Cout·Hout·Wout (+ Hout·Wout·Cout for the bias).
 * flopmatch runs convs as im2col matmuls, which multiply the zero padding too, so model = executed.
 * Backward = 2 × forward (input- and filter-gradient convolutions).
 * Output size: 'same' → ⌈H / stride⌉; 'valid' → ⌊(H − k) / stride⌋ + 1; p → ⌊(H + 2p − k) / stride⌋ + 1.
 */
import { denseCost, FLOPS_PER_MULTIPLY_ADD, type OpCost } from '../convention.js';
import { FlopsArgumentError, requireCount, requirePositive } from '../errors.js';

/** Padding of a convolution: TensorFlow's 'same' / 'valid', or explicit zero rows on each side. */
export type ConvPadding = 'same' | 'valid' | number;

/** Options of `conv2dFlops`. */
export interface Conv2dFlopsOptions {
  /** Input height H. */
  height: number;
  /** Input width W. */
  width: number;
  /** Input channels Cin. */
  inChannels: number;
  /** Output channels Cout. */
  outChannels: number;
  /** Square kernel size k. */
  kernel: number;
  /** Stride (both axes). Default 1. */
  stride?: number;
  /** Padding. Default 'same'. */
  padding?: ConvPadding;
  /** Whether a bias is added per output channel. Default true. */
  bias?: boolean;
}

/** A conv's cost and the spatial size it produces. */
export interface Conv2dCost {
  cost: OpCost;
  outHeight: number;
  outWidth: number;
  /** k²·Cin·Cout (+ Cout). */
  params: number;
}

function outputSize(
  field: string,
  size: number,
  kernel: number,
  stride: number,
  padding: ConvPadding,
): number {
  let out: number;
  if (padding === 'same') out = Math.ceil(size / stride);
  else {
    const pad = padding === 'valid' ? 0 : padding;
    out = Math.floor((size + 2 * pad - kernel) / stride) + 1;
  }
  if (!(out >= 1)) {
    throw new FlopsArgumentError(
      field,
      size,
      `a ${kernel}×${kernel} kernel with stride ${stride} and padding ${padding} leaves no output`,
      'use a larger input, more padding or a smaller kernel',
    );
  }
  return out;
}

/**
 * FLOPs of a 2-D convolution on one image.
 *
 * @example
 * conv2dFlops({ height: 8, width: 8, inChannels: 3, outChannels: 16, kernel: 3, bias: false }).cost.forward.model;
 * // 2·9·3·16·8·8 = 55296
 */
export function conv2dFlops(options: Conv2dFlopsOptions): Conv2dCost {
  const {
    height,
    width,
    inChannels,
    outChannels,
    kernel,
    stride = 1,
    padding = 'same',
    bias = true,
  } = options;
  requirePositive('conv2d.height', height);
  requirePositive('conv2d.width', width);
  requireCount('conv2d.inChannels', inChannels);
  requireCount('conv2d.outChannels', outChannels);
  requirePositive('conv2d.kernel', kernel);
  requirePositive('conv2d.stride', stride);
  if (typeof padding === 'number') requireCount('conv2d.padding', padding);
  const outHeight = outputSize('conv2d.height', height, kernel, stride, padding);
  const outWidth = outputSize('conv2d.width', width, kernel, stride, padding);
  const outputs = outHeight * outWidth * outChannels;
  const forward = FLOPS_PER_MULTIPLY_ADD * kernel * kernel * inChannels * outputs + (bias ? outputs : 0);
  return {
    cost: denseCost(forward),
    outHeight,
    outWidth,
    params: kernel * kernel * inChannels * outChannels + (bias ? outChannels : 0),
  };
}
