/** uint8 image batches for the autoencoder metrics, and the conversion from flopmatch's [-1, 1] floats. */
import { MetricInputError } from '../errors.js';

/** A batch of NHWC uint8 images (values 0–255), row-major. */
export interface Uint8Images {
  data: Uint8Array;
  /** [N, H, W, C] */
  shape: [number, number, number, number];
}

/**
 * Quantises NHWC float images in [-1, 1] (the flopmatch convention) to uint8 as v ↦ round((v + 1)·127.5),
 * clamped to [0, 255] — the inverse of `pixel / 127.5 − 1`, so uint8 → float → uint8 is exact.
 *
 * @example
 * const a = floatImagesToUint8(await recon.data(), [n, 32, 32, 3]);
 */
export function floatImagesToUint8(
  data: ArrayLike<number>,
  shape: [number, number, number, number],
): Uint8Images {
  const size = shape.reduce((p, v) => p * v, 1);
  if (data.length !== size) {
    throw new MetricInputError(`images: ${data.length} values but shape [${shape.join(', ')}] needs ${size}`);
  }
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = Math.min(255, Math.max(0, Math.round((data[i]! + 1) * 127.5)));
  return { data: out, shape };
}

/** Checks that two batches have the same valid shape; returns [N, H, W, C]. */
export function assertSameImages(
  metric: string,
  a: Uint8Images,
  b: Uint8Images,
): [number, number, number, number] {
  const size = (s: number[]) => s.reduce((p, v) => p * v, 1);
  for (const [which, x] of [
    ['first', a],
    ['second', b],
  ] as const) {
    if (
      x.shape.length !== 4 ||
      x.shape.some((v) => !Number.isInteger(v) || v < 1) ||
      x.data.length !== size(x.shape)
    ) {
      throw new MetricInputError(
        `${metric}: the ${which} batch has shape [${x.shape.join(', ')}] and ${x.data.length} values`,
        'pass NHWC uint8 images with data.length = N·H·W·C',
      );
    }
  }
  if (a.shape.some((v, i) => v !== b.shape[i])) {
    throw new MetricInputError(
      `${metric}: shapes differ ([${a.shape.join(', ')}] vs [${b.shape.join(', ')}])`,
      'compare each image with its own reconstruction',
    );
  }
  return a.shape;
}
