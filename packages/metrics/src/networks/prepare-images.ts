/**
 * Adapts images to the input an evaluation network was trained on, or refuses with the reason:
 * - channels: RGB → grey by the mean of the channels (a generator may draw MNIST in RGB); grey → RGB by
 *   repetition; other mismatches are refused;
 * - size: a smaller image is centred and padded with `padValue` when the margins are whole (MNIST's
 *   28 × 28 → 32 × 32, as `@flopmatch/data` pads); a larger or oddly sized image is refused (resize it
 *   first, e.g. with `@flopmatch/data`'s `resizeArea`).
 */
import { MetricInputError } from '../errors.js';

/** An image shape: height × width × channels. */
export interface ImageSize {
  height: number;
  width: number;
  channels: number;
}

/**
 * Images [N, h, w, c] → [N, H, W, C] of `target` (row-major NHWC, values in [−1, 1]).
 *
 * @example
 * prepareImages(mnist28, n, { height: 28, width: 28, channels: 1 }, { height: 32, width: 32, channels: 1 }, -1);
 */
export function prepareImages(
  data: Float32Array,
  n: number,
  source: ImageSize,
  target: ImageSize,
  padValue: number,
): Float32Array {
  const { height: h, width: w, channels: c } = source;
  const { height: H, width: W, channels: C } = target;
  if (data.length !== n * h * w * c) {
    throw new MetricInputError(
      `images: ${data.length} values for ${n} images of ${h}×${w}×${c}`,
      'pass NHWC images',
    );
  }
  const channelsOk = c === C || (c === 3 && C === 1) || (c === 1 && C === 3);
  const dy = H - h;
  const dx = W - w;
  if (!channelsOk || dy < 0 || dx < 0 || dy % 2 !== 0 || dx % 2 !== 0) {
    throw new MetricInputError(
      `images of ${h}×${w}×${c} cannot be fed to a network trained on ${H}×${W}×${C}`,
      `resize the images to ${H}×${W} (e.g. resizeArea from @flopmatch/data) with 1 or 3 channels`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new MetricInputError(
        `images: value ${data[i]} at index ${i} is not finite`,
        'check the generator output for NaN',
      );
    }
  }
  if (h === H && w === W && c === C) return data;
  const out = new Float32Array(n * H * W * C).fill(padValue);
  const top = dy / 2;
  const left = dx / 2;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const src = ((b * h + y) * w + x) * c;
        const dst = ((b * H + y + top) * W + x + left) * C;
        if (c === C) for (let k = 0; k < C; k++) out[dst + k] = data[src + k]!;
        else if (C === 1) out[dst] = (data[src]! + data[src + 1]! + data[src + 2]!) / 3;
        else for (let k = 0; k < 3; k++) out[dst + k] = data[src]!;
      }
    }
  }
  return out;
}
