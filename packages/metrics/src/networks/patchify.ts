/**
 * Patch extraction for the evaluation networks' first layer: overlapping k×k windows of an NHWC image,
 * flattened in the `[k, k, C]` order of a convolution weight (entry `(i·k + j)·C + c` is pixel
 * (row i, column j, channel c) of the window), so a linear map on patches is exactly a k×k, stride-s
 * convolution. The input never needs a gradient, so patches are built in plain JavaScript (exact, and much
 * faster on wasm than 64 strided-slice kernels).
 *
 * With `maxChannel`, every pixel also carries max(c₁, …, c_C): on images drawn in saturated palette colours
 * (every `shapes` colour has a channel at 255) it is the same object mask whatever the colour, so shape
 * detectors need not be learned once per colour.
 *
 * Legend: N images, H×W×C image, k window, s stride, p padding, G = Gh·Gw windows per image.
 */
import { MetricInputError } from '../errors.js';

/** Geometry of the patch grid. */
export interface PatchGeometry {
  /** Window size k (pixels per side). */
  kernel: number;
  /** Stride s between window origins. */
  stride: number;
  /** Rows/columns of padding p added on every side before windowing. */
  padding: number;
  /** Value of padded pixels: −1, the black background of images in [−1, 1]. */
  padValue: number;
  /** Append the per-pixel maximum over channels as one more channel. Default false. */
  maxChannel?: boolean;
}

/** Values per pixel in a patch: C, plus one with `maxChannel`. */
export function patchChannels(geometry: PatchGeometry, channels: number): number {
  return channels + (geometry.maxChannel ? 1 : 0);
}

/** Grid size of `geometry` over an `height`×`width` image: ⌊(H + 2p − k)/s⌋ + 1 per axis. */
export function patchGrid(geometry: PatchGeometry, height: number, width: number): [number, number] {
  const { kernel: k, stride: s, padding: p } = geometry;
  const gh = Math.floor((height + 2 * p - k) / s) + 1;
  const gw = Math.floor((width + 2 * p - k) / s) + 1;
  if (!(gh >= 1 && gw >= 1)) {
    throw new MetricInputError(
      `patchify: a ${k}×${k} window with padding ${p} does not fit a ${height}×${width} image`,
      'use larger images or a smaller window',
    );
  }
  return [gh, gw];
}

/**
 * Images [N, H, W, C] (row-major) → patches [N, Gh, Gw, k·k·C′] (row-major), C′ = `patchChannels`.
 *
 * @example
 * const patches = patchify(images, 2, 32, 32, 3, { kernel: 8, stride: 4, padding: 2, padValue: -1 }); // [2, 8, 8, 192]
 */
export function patchify(
  images: Float32Array,
  n: number,
  height: number,
  width: number,
  channels: number,
  geometry: PatchGeometry,
): Float32Array {
  if (images.length !== n * height * width * channels) {
    throw new MetricInputError(
      `patchify: ${images.length} values for ${n} images of ${height}×${width}×${channels}`,
      'pass row-major NHWC images',
    );
  }
  const { kernel: k, stride: s, padding: p, padValue } = geometry;
  const [gh, gw] = patchGrid(geometry, height, width);
  const extra = geometry.maxChannel === true;
  const patchSize = k * k * patchChannels(geometry, channels);
  const out = new Float32Array(n * gh * gw * patchSize);
  let o = 0;
  for (let b = 0; b < n; b++) {
    const base = b * height * width * channels;
    for (let gy = 0; gy < gh; gy++) {
      for (let gx = 0; gx < gw; gx++) {
        for (let i = 0; i < k; i++) {
          const y = gy * s + i - p;
          for (let j = 0; j < k; j++) {
            const x = gx * s + j - p;
            const inside = y >= 0 && y < height && x >= 0 && x < width;
            const src = base + (y * width + x) * channels;
            let max = -Infinity;
            for (let c = 0; c < channels; c++) {
              const v = inside ? images[src + c]! : padValue;
              out[o++] = v;
              if (v > max) max = v;
            }
            if (extra) out[o++] = max;
          }
        }
      }
    }
  }
  return out;
}
