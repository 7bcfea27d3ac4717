/**
 * A `LatentDataset` test double: `size` examples, each a caption `a <color> square` and a latent that is the
 * color's fixed pattern plus seeded noise (continuous), or the color's id pattern (discrete). An example can
 * be poisoned with NaN to test divergence stops.
 */
import type { LatentDataset, LatentSample, LatentShape } from '@flopmatch/core';
import { Rng } from '@flopmatch/core';

/** Caption colors; example i has color i mod 4. */
export const COLORS = ['red', 'green', 'blue', 'white'] as const;

/** Options of `ToyLatents`. */
export interface ToyLatentsOptions {
  size: number;
  kind?: 'continuous' | 'discrete';
  latentShape?: LatentShape;
  /** Std of the noise added to continuous latents. Default 0.1. */
  noise?: number;
  /** Constant added to every continuous latent (shifts the data mean). Default 0. */
  offset?: number;
  /** This example's latent is all NaN. */
  poisonIndex?: number;
  codebookSize?: number;
}

/** The pattern of color k at position j: ±1. */
export function colorPattern(k: number, j: number): number {
  return ((k * 7 + j * 3) >> 1) % 2 === 0 ? 1 : -1;
}

/** Deterministic toy latents with color captions. */
export class ToyLatents implements LatentDataset {
  readonly specVersion = 'v1' as const;
  readonly kind: 'continuous' | 'discrete';
  readonly latentShape: LatentShape;
  readonly size: number;
  readonly codebookSize: number | undefined;
  readonly codecHash = 'toy'.padEnd(64, '0');
  readonly #o: ToyLatentsOptions;

  constructor(options: ToyLatentsOptions) {
    this.#o = options;
    this.kind = options.kind ?? 'continuous';
    this.latentShape = options.latentShape ?? {
      height: 2,
      width: 2,
      channels: this.kind === 'discrete' ? 1 : 2,
    };
    this.size = options.size;
    this.codebookSize = this.kind === 'discrete' ? (options.codebookSize ?? 8) : undefined;
  }

  get(index: number): LatentSample {
    const k = index % COLORS.length;
    const caption = `a ${COLORS[k]} square`;
    const { height, width, channels } = this.latentShape;
    if (this.kind === 'discrete') {
      const ids = new Int32Array(height * width);
      for (let j = 0; j < ids.length; j++) ids[j] = (k + j) % this.codebookSize!;
      return { latent: ids, caption, meta: { index } };
    }
    const n = height * width * channels;
    const latent = new Float32Array(n);
    const rng = new Rng(`toy/${index}`);
    const noise = this.#o.noise ?? 0.1;
    for (let j = 0; j < n; j++) latent[j] = colorPattern(k, j) + (this.#o.offset ?? 0) + noise * rng.normal();
    if (index === this.#o.poisonIndex) latent.fill(Number.NaN);
    return { latent, caption, meta: { index } };
  }
}
