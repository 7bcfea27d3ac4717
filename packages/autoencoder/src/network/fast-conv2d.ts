/**
 * Former home of the fast-backward convolution, now `@flopmatch/nn`'s `conv2d` (every `Conv2d` layer uses
 * it). These names stay so existing imports keep working.
 */
import { type Conv2d, type Conv2dCall, conv2d } from '@flopmatch/nn';
import type * as tf from '@tensorflow/tfjs-core';

export { dilate2d } from '@flopmatch/nn';

/** Options of `fastConv2d`. @deprecated Use `Conv2dCall` from `@flopmatch/nn`. */
export type FastConv2dCall = Conv2dCall;

/**
 * The same function as `@flopmatch/nn`'s `conv2d`, whose backward pass is now made of forward convolutions.
 *
 * @deprecated Use `conv2d` from `@flopmatch/nn`.
 * @example
 * fastConv2d(x, w, b, { stride: 2, padding: [0, 1, 0, 1] });
 */
export const fastConv2d: typeof conv2d = conv2d;

/**
 * Runs an `@flopmatch/nn` `Conv2d` layer: the same as `conv.forward(x)`.
 *
 * @deprecated Call `conv.forward(x)`.
 * @example
 * const h = convForward(block.conv1, x);
 */
export function convForward(conv: Conv2d, x: tf.Tensor4D): tf.Tensor4D {
  return conv.forward(x);
}
