/**
 * PSNR of reconstructions on uint8 images, computed locally (the full metric suite lives in
 * `@flopmatch/metrics`, a sibling this package does not import): images in [-1, 1] are quantised as
 * v ↦ round((v + 1)·127.5) clamped to [0, 255], then per image PSNR = 10·log10(255² / MSE), averaged over
 * images. Identical images give +Infinity.
 */

/** Quantises one [-1, 1] value to uint8 as the metrics package does. */
export function toUint8(v: number): number {
  return Math.min(255, Math.max(0, Math.round((v + 1) * 127.5)));
}

/**
 * Per-image PSNR (dB, MAX = 255) of `n` images of `size` values each, stored back to back.
 *
 * @example
 * psnrUint8(Float32Array.from([-1, 1]), Float32Array.from([-1, 0.992156862745098]), 2)[0]; // 10·log10(255²/0.5) ≈ 51.1
 */
export function psnrUint8(
  original: ArrayLike<number>,
  reconstruction: ArrayLike<number>,
  size: number,
): number[] {
  const n = original.length / size;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let se = 0;
    for (let j = i * size; j < (i + 1) * size; j++) {
      const d = toUint8(original[j]!) - toUint8(reconstruction[j]!);
      se += d * d;
    }
    out.push(10 * Math.log10((255 * 255) / (se / size))); // PSNR = 10·log10(MAX² / MSE)
  }
  return out;
}
