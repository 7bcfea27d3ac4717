/**
 * Structural similarity (SSIM) of reconstructions.
 *
 * Paper: Wang, Bovik, Sheikh & Simoncelli, "Image Quality Assessment: From Error Visibility to Structural
 * Similarity", IEEE TIP 13(4), 2004, §III-B (eq. 13) and §III-C (11×11 Gaussian window, σ = 1.5,
 * K₁ = 0.01, K₂ = 0.03, L = 255; mean SSIM over the map, eq. 17).
 *
 * Choices: windows are only placed fully inside the image (no padding: the map is (H−10)×(W−10), as the
 * authors' reference code and `skimage.metrics.structural_similarity(gaussian_weights=True)` after its
 * border crop); local variances are the window-weighted population variances; colour images are scored per
 * channel and averaged (`mode: 'per-channel'`, skimage's `channel_axis`) or on BT.601 luma
 * (`mode: 'luminance'`, Y = 0.299R + 0.587G + 0.114B).
 */
import type { MetricValue } from '@flopmatch/core';
import { MetricInputError } from '../errors.js';
import { assertSameImages, type Uint8Images } from './uint8-images.js';

/** Options of SSIM; defaults are Wang et al. 2004 §III-C. */
export interface SsimOptions {
  /** Side of the Gaussian window in pixels (odd). Default 11. */
  windowSize?: number;
  /** Standard deviation of the Gaussian window. Default 1.5. */
  sigma?: number;
  /** K₁ in C₁ = (K₁L)². Default 0.01. */
  k1?: number;
  /** K₂ in C₂ = (K₂L)². Default 0.03. */
  k2?: number;
  /** Dynamic range L. Default 255 (uint8). */
  dataRange?: number;
  /** `per-channel` (default): mean of each channel's SSIM; `luminance`: SSIM of BT.601 luma (3-channel input). */
  mode?: 'per-channel' | 'luminance';
}

/** Normalised 1-D Gaussian weights of length `size`. */
export function gaussianWindow(size: number, sigma: number): Float64Array {
  const w = new Float64Array(size);
  const centre = (size - 1) / 2;
  let sum = 0;
  for (let i = 0; i < size; i++) {
    w[i] = Math.exp(-((i - centre) ** 2) / (2 * sigma * sigma));
    sum += w[i]!;
  }
  for (let i = 0; i < size; i++) w[i] = w[i]! / sum;
  return w;
}

/** 'Valid' separable filtering of an h × w plane with the 1-D window `g` along both axes. */
function filterValid(plane: Float64Array, h: number, w: number, g: Float64Array): Float64Array {
  const s = g.length;
  const oh = h - s + 1;
  const ow = w - s + 1;
  const rows = new Float64Array(h * ow); // horizontal pass
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < ow; x++) {
      let acc = 0;
      for (let t = 0; t < s; t++) acc += g[t]! * plane[y * w + x + t]!;
      rows[y * ow + x] = acc;
    }
  }
  const out = new Float64Array(oh * ow); // vertical pass
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let acc = 0;
      for (let t = 0; t < s; t++) acc += g[t]! * rows[(y + t) * ow + x]!;
      out[y * ow + x] = acc;
    }
  }
  return out;
}

/** Mean SSIM of two h × w planes (float64 values in [0, L]). */
export function ssimPlane(
  x: Float64Array,
  y: Float64Array,
  h: number,
  w: number,
  options: SsimOptions = {},
): number {
  const size = options.windowSize ?? 11;
  const sigma = options.sigma ?? 1.5;
  const L = options.dataRange ?? 255;
  const c1 = ((options.k1 ?? 0.01) * L) ** 2;
  const c2 = ((options.k2 ?? 0.03) * L) ** 2;
  if (size % 2 !== 1 || size < 1)
    throw new MetricInputError(`SSIM: windowSize = ${size} must be a positive odd number`);
  if (h < size || w < size) {
    throw new MetricInputError(
      `SSIM: images of ${h}×${w} are smaller than the ${size}×${size} window`,
      `use windowSize ≤ ${Math.min(h, w) - (Math.min(h, w) % 2 === 0 ? 1 : 0)}`,
    );
  }
  const g = gaussianWindow(size, sigma);
  const n = h * w;
  const xx = new Float64Array(n);
  const yy = new Float64Array(n);
  const xy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xx[i] = x[i]! * x[i]!;
    yy[i] = y[i]! * y[i]!;
    xy[i] = x[i]! * y[i]!;
  }
  const mx = filterValid(x, h, w, g);
  const my = filterValid(y, h, w, g);
  const exx = filterValid(xx, h, w, g);
  const eyy = filterValid(yy, h, w, g);
  const exy = filterValid(xy, h, w, g);
  let total = 0;
  for (let i = 0; i < mx.length; i++) {
    const ux = mx[i]!;
    const uy = my[i]!;
    const vx = exx[i]! - ux * ux; // σx²
    const vy = eyy[i]! - uy * uy; // σy²
    const cxy = exy[i]! - ux * uy; // σxy
    total += ((2 * ux * uy + c1) * (2 * cxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2)); // eq. (13)
  }
  return total / mx.length; // MSSIM, eq. (17)
}

/** The planes of image `i` of a batch that SSIM compares, in float64. */
function planesOf(images: Uint8Images, i: number, mode: 'per-channel' | 'luminance'): Float64Array[] {
  const [, h, w, c] = images.shape;
  const base = i * h * w * c;
  if (mode === 'luminance') {
    if (c !== 3)
      throw new MetricInputError(
        `SSIM: mode 'luminance' needs 3 channels, got ${c}`,
        "use mode 'per-channel'",
      );
    const y = new Float64Array(h * w);
    for (let p = 0; p < h * w; p++) {
      const o = base + p * 3;
      y[p] = 0.299 * images.data[o]! + 0.587 * images.data[o + 1]! + 0.114 * images.data[o + 2]!;
    }
    return [y];
  }
  return Array.from({ length: c }, (_, ch) => {
    const plane = new Float64Array(h * w);
    for (let p = 0; p < h * w; p++) plane[p] = images.data[base + p * c + ch]!;
    return plane;
  });
}

/**
 * Mean SSIM over a batch of uint8 NHWC image pairs (per image: channels averaged, or luma), `n` = images;
 * `details.perImage` lists each image's SSIM.
 *
 * @example
 * const { value } = ssimBatch(originals, reconstructions); // 1 = identical
 */
export function ssimBatch(a: Uint8Images, b: Uint8Images, options: SsimOptions = {}): MetricValue {
  const [n, h, w] = assertSameImages('SSIM', a, b);
  const mode = options.mode ?? 'per-channel';
  const perImage: number[] = [];
  for (let i = 0; i < n; i++) {
    const pa = planesOf(a, i, mode);
    const pb = planesOf(b, i, mode);
    let s = 0;
    for (let ch = 0; ch < pa.length; ch++) s += ssimPlane(pa[ch]!, pb[ch]!, h, w, options);
    perImage.push(s / pa.length);
  }
  return {
    name: 'SSIM',
    value: perImage.reduce((s, v) => s + v, 0) / n,
    n,
    details: { mode, windowSize: options.windowSize ?? 11, sigma: options.sigma ?? 1.5, perImage },
  };
}
