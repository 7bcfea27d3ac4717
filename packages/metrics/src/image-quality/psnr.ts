/**
 * Peak signal-to-noise ratio of reconstructions: PSNR = 10·log10(MAX² / MSE) with MAX = 255 on uint8
 * images. Identical images give +Infinity (MSE = 0).
 */
import type { MetricValue } from '@flopmatch/core';
import { assertSameImages, type Uint8Images } from './uint8-images.js';

/** PSNR in dB over all values of two equally sized uint8 arrays (one image, or any block). */
export function psnr(a: Uint8Array, b: Uint8Array): number {
  let se = 0;
  for (let i = 0; i < a.length; i++) {
    const diff = a[i]! - b[i]!;
    se += diff * diff;
  }
  const mse = se / a.length;
  return 10 * Math.log10((255 * 255) / mse); // PSNR = 10·log10(MAX²/MSE)
}

/**
 * Mean over images of per-image PSNR (dB), `n` = images; `details.perImage` lists each image's value.
 * (Per-image averaging is what autoencoder papers report; a pooled-MSE PSNR would weight errors differently.)
 *
 * @example
 * const { value } = psnrBatch(originals, reconstructions); // e.g. 27.3 dB
 */
export function psnrBatch(a: Uint8Images, b: Uint8Images): MetricValue {
  const [n, h, w, c] = assertSameImages('PSNR', a, b);
  const size = h * w * c;
  const perImage: number[] = [];
  for (let i = 0; i < n; i++) {
    perImage.push(psnr(a.data.subarray(i * size, (i + 1) * size), b.data.subarray(i * size, (i + 1) * size)));
  }
  return {
    name: 'PSNR',
    value: perImage.reduce((s, v) => s + v, 0) / n,
    n,
    details: { unit: 'dB', max: 255, perImage },
  };
}
