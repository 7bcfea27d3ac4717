/**
 * Up- and down-sampling of one NHWC image by an integer factor f (always counted: they are linear maps).
 *   nearest upsample: a copy, 0 FLOPs.
 *   bilinear upsample: 4 multiply-adds per output element, 8 FLOPs.
 *   average-pool downsample: f² − 1 adds and 1 multiply per output element, f² FLOPs.
 * (A strided convolution is priced by `conv2dFlops`.) Model = executed; backward = 2 × forward by convention.
 */
import { costFromForward, FLOPS_PER_MULTIPLY_ADD, type OpCost } from '../convention.js';
import { FlopsArgumentError, requirePositive } from '../errors.js';

/** Resampling modes: `nearest` / `bilinear` enlarge by f, `average` shrinks by f. */
export type ResampleMode = 'nearest' | 'bilinear' | 'average';

/** Options of `resampleFlops`. */
export interface ResampleFlopsOptions {
  mode: ResampleMode;
  /** Integer factor f. Default 2. */
  factor?: number;
  /** Input height. */
  height: number;
  /** Input width. */
  width: number;
  /** Channels (unchanged). */
  channels: number;
}

/** A resample's cost and the spatial size it produces. */
export interface ResampleCost {
  cost: OpCost;
  outHeight: number;
  outWidth: number;
}

/**
 * FLOPs of one resampling op.
 *
 * @example
 * resampleFlops({ mode: 'average', height: 8, width: 8, channels: 2 }).cost.forward.model; // 4·4·2·4 = 128
 */
export function resampleFlops(options: ResampleFlopsOptions): ResampleCost {
  const { mode, factor = 2, height, width, channels } = options;
  requirePositive('resample.factor', factor);
  requirePositive('resample.height', height);
  requirePositive('resample.width', width);
  requirePositive('resample.channels', channels);
  if (mode === 'average') {
    if (height % factor !== 0 || width % factor !== 0) {
      throw new FlopsArgumentError(
        'resample.height',
        [height, width],
        `average pooling by ${factor} needs sides divisible by ${factor}`,
        `pad or crop the input to a multiple of ${factor}`,
      );
    }
    const outHeight = height / factor;
    const outWidth = width / factor;
    const f = factor * factor * outHeight * outWidth * channels;
    return { cost: costFromForward({ model: f, executed: f }), outHeight, outWidth };
  }
  const outHeight = height * factor;
  const outWidth = width * factor;
  const perOutput = mode === 'bilinear' ? 4 * FLOPS_PER_MULTIPLY_ADD : 0;
  const f = perOutput * outHeight * outWidth * channels;
  return { cost: costFromForward({ model: f, executed: f }), outHeight, outWidth };
}
