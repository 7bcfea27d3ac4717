/**
 * Patchify and unpatchify a latent grid — Dosovitskiy et al., "An Image is Worth 16x16 Words" (ViT),
 * arXiv:2010.11929, §3.1 (flatten p × p patches into a sequence), as DiT does on VAE latents (Peebles & Xie,
 * arXiv:2212.09748, §3.2: patch size p ∈ {2, 4, 8}; we use 1 or 2 on small latents).
 *
 * Notation: N batch, h × w × c latent, p patch size, T = (h/p)·(w/p) tokens of p²·c features, each in
 * (row-in-patch, column-in-patch, channel) order, tokens in raster order.
 */
import { ShapeError } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';

/** x [N, h, w, c] → patches [N, T, p²·c]. */
export function patchify(x: tf.Tensor4D, p: number): tf.Tensor3D {
  const [N, h, w, c] = x.shape;
  if (h % p !== 0 || w % p !== 0) {
    throw new ShapeError(
      'patchify',
      `a ${h}×${w} grid does not split into ${p}×${p} patches`,
      'use patch size 1 or a grid divisible by p',
    );
  }
  const [hp, wp] = [h / p, w / p];
  return tf.tidy(() => {
    if (p === 1) return tf.reshape(x, [N, h * w, c]) as tf.Tensor3D; // [N, T, c]
    const rows = tf.reshape(x, [N * hp, p, wp, p * c]); // [N·h/p, p, w/p, p·c]
    const swapped = tf.transpose(rows, [0, 2, 1, 3]); // [N·h/p, w/p, p, p·c]
    return tf.reshape(swapped, [N, hp * wp, p * p * c]) as tf.Tensor3D; // [N, T, p²c]
  });
}

/** patches [N, T, p²·c] → x [N, h, w, c] (the inverse of `patchify`). */
export function unpatchify(patches: tf.Tensor3D, h: number, w: number, c: number, p: number): tf.Tensor4D {
  const N = patches.shape[0];
  const [hp, wp] = [h / p, w / p];
  if (patches.shape[1] !== hp * wp || patches.shape[2] !== p * p * c) {
    throw new ShapeError(
      'unpatchify',
      `patches [${patches.shape}] do not make a ${h}×${w}×${c} grid with p = ${p}`,
    );
  }
  return tf.tidy(() => {
    if (p === 1) return tf.reshape(patches, [N, h, w, c]) as tf.Tensor4D;
    const swapped = tf.reshape(patches, [N * hp, wp, p, p * c]); // [N·h/p, w/p, p, p·c]
    const rows = tf.transpose(swapped, [0, 2, 1, 3]); // [N·h/p, p, w/p, p·c]
    return tf.reshape(rows, [N, h, w, c]) as tf.Tensor4D;
  });
}
