/**
 * Fixed 2-D sine-cosine position embeddings for an image-token grid.
 *
 * Papers: Vaswani et al., "Attention Is All You Need", arXiv:1706.03762, §3.5 (the 1-D sinusoid);
 * He et al., "Masked Autoencoders Are Scalable Vision Learners", arXiv:2111.06377, and Peebles & Xie, "Scalable
 * Diffusion Models with Transformers" (DiT), arXiv:2212.09748, §3.2, which embed a 2-D grid by giving half of
 * the channels to each axis.
 *
 * Notation: C channels, the first C/2 encode the row r, the last C/2 the column c. Within each half of width
 * E = C/2: channel k < E/2 holds sin(pos·ω_k), channel E/2 + k holds cos(pos·ω_k), ω_k = 10000^(−2k/E).
 */
import { ShapeError } from '@flopmatch/nn';

/** Largest wavelength factor of the sinusoids (eq. in §3.5 of arXiv:1706.03762). */
export const SINCOS_BASE = 10000;

/**
 * The fixed [height·width, channels] table, row-major, raster order (token j sits at row ⌊j/width⌋, column
 * j mod width). `channels` must be a multiple of 4.
 *
 * @example
 * sincos2d(2, 2, 8); // Float32Array(32): 4 positions × 8 channels
 */
export function sincos2d(height: number, width: number, channels: number): Float32Array {
  if (channels % 4 !== 0) {
    throw new ShapeError(
      'sincos2d',
      `2-D sin-cos positions need channels divisible by 4, got ${channels}`,
      'pick a model width that is a multiple of 4, or positions "learned"',
    );
  }
  const half = channels / 2; // E: channels per axis
  const quarter = half / 2; // frequencies per axis
  const out = new Float32Array(height * width * channels);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const row = (r * width + c) * channels;
      for (let k = 0; k < quarter; k++) {
        const omega = SINCOS_BASE ** (-k / quarter); // ω_k = 10000^(−2k/E)
        out[row + k] = Math.sin(r * omega); // §3.5: PE(pos, 2i) = sin(pos / 10000^(2i/d))
        out[row + quarter + k] = Math.cos(r * omega); // §3.5: PE(pos, 2i + 1) = cos(…)
        out[row + half + k] = Math.sin(c * omega);
        out[row + half + quarter + k] = Math.cos(c * omega);
      }
    }
  }
  return out;
}
