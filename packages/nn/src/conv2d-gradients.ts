/**
 * The `valid` convolution behind `conv2d`, with a backward pass made of forward convolutions, so it stays on
 * the fast XNNPACK path of the wasm backend (which has no `Conv2DBackpropFilter`, and whose
 * `Conv2DBackpropInput` and transposed matmuls are slow). Both gradients are the standard identities of
 * V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep learning", arXiv:1603.07285, §4 (a
 * transposed convolution is a direct convolution of the zero-inserted, fully padded input with the flipped
 * kernel):
 *
 *   y  = x_p ⋆ W                                   (valid correlation of the padded input, stride s)
 *   dx_p = pad(dilate_s(dy), k − 1) ⋆ flip(W)ᵀ      (flip both spatial axes, swap in/out channels)
 *   dW[i, j, c, o] = Σ_{n,y,x} x_p[n, s·y + i, s·x + j, c] · dy[n, y, x, o]
 *
 * The last line is itself a correlation, of x_p [C, H, W, N] (batch as channels) with dy [Ho, Wo, N, O] as
 * the kernel, dilated by s: one forward conv, instead of an im2col matrix k² times the input's size.
 *
 * Legend: N batch, H×W (padded) input, C input channels, O output channels, k kernel, s stride.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Inserts s − 1 zeros between neighbouring rows and columns: [N, Ho, Wo, O] → [N, (Ho−1)s+1, (Wo−1)s+1, O]. */
export function dilate2d(x: tf.Tensor4D, s: number): tf.Tensor4D {
  if (s === 1) return x.clone();
  const [N, H, W, C] = x.shape;
  return tf.tidy(() => {
    const zeros = tf.zeros([N, H, W, C]);
    let t: tf.Tensor = tf.stack([x, ...Array.from({ length: s - 1 }, () => zeros)], 3); // [N, H, W, s, C]
    t = tf.reshape(t, [N, H, W * s, C]); // columns interleaved with zeros
    t = tf.stack([t, ...Array.from({ length: s - 1 }, () => tf.zerosLike(t))], 2); // [N, H, s, W·s, C]
    t = tf.reshape(t, [N, H * s, W * s, C]);
    return tf.slice(t, [0, 0, 0, 0], [N, (H - 1) * s + 1, (W - 1) * s + 1, C]) as tf.Tensor4D;
  });
}

function validConvWithGradients(stride: number) {
  return tf.customGrad((xArg, wArg, save) => {
    const x = xArg as tf.Tensor4D;
    const w = wArg as tf.Tensor4D;
    (save as tf.GradSaveFunc)([x, w]);
    return {
      value: tf.conv2d(x, w, stride, 'valid'), // y = x_p ⋆ W [N, Ho, Wo, O]
      gradFunc: (dyArg: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw] = saved as [tf.Tensor4D, tf.Tensor4D];
        const dy = dyArg as tf.Tensor4D;
        const [, H, W, C] = sx.shape;
        const [k, , , O] = sw.shape;
        // dx_p: full correlation of the (dilated) output gradient with the flipped, transposed kernel.
        const flipped = tf.transpose(tf.reverse(sw, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D; // [k, k, O, C]
        const dyd = dilate2d(dy, stride);
        const [, Hd, Wd] = dyd.shape;
        // Rows of x beyond the last window (when (H − k) is not a multiple of s) get zero gradient.
        const padded = tf.pad(dyd, [
          [0, 0],
          [k - 1, k - 1 + (H - (Hd + k - 1))],
          [k - 1, k - 1 + (W - (Wd + k - 1))],
          [0, 0],
        ]);
        const dx = tf.conv2d(padded as tf.Tensor4D, flipped, 1, 'valid'); // dx_p [N, H, W, C]
        // dW: a correlation over (batch, rows, columns) of x with dy, run as one forward conv with the batch
        // as the channel axis: [C, H, W, N] ⋆ [Ho, Wo, N, O] (dilated by s) → [C, ≥k, ≥k, O].
        const xt = tf.transpose(sx, [3, 1, 2, 0]) as tf.Tensor4D; // [C, H, W, N]
        const dyf = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [Ho, Wo, N, O]
        let dwc = tf.conv2d(xt, dyf, 1, 'valid', 'NHWC', stride); // [C, H − (Ho−1)s, W − (Wo−1)s, O]
        if (dwc.shape[1] !== k || dwc.shape[2] !== k) dwc = tf.slice(dwc, [0, 0, 0, 0], [C, k, k, O]);
        const dw = tf.transpose(dwc, [1, 2, 0, 3]); // dW [k, k, C, O]
        return [dx, dw];
      },
    };
  });
}

const convs = new Map<number, ReturnType<typeof validConvWithGradients>>();

/**
 * x_p [N, H, W, C] ⋆ weight [k, k, C, O] with stride s and no padding → [N, Ho, Wo, O], differentiable in
 * both inputs through forward convolutions only (one gradient function per stride, made once).
 *
 * @example
 * validConv2d(padded, w, 2); // conv2d pads first, then calls this
 */
export function validConv2d(x: tf.Tensor4D, weight: tf.Tensor4D, stride: number): tf.Tensor4D {
  let conv = convs.get(stride);
  if (!conv) {
    conv = validConvWithGradients(stride);
    convs.set(stride, conv);
  }
  return conv(x, weight) as tf.Tensor4D;
}
