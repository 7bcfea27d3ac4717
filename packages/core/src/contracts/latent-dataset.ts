import type { LatentShape } from './latent-codec.js';

/** One cached example in latent space: float latents (h·w·c, HWC) or token ids (h·w, raster order). */
export interface LatentSample {
  latent: Float32Array | Int32Array;
  caption: string;
  /** The source image's metadata (scene graph, label), carried through for evaluation. */
  meta?: unknown;
}

/**
 * A dataset already encoded by a codec (the latent cache), so generator training never re-runs the
 * encoder (as MAR and LlamaGen do). Random access by index, like `Dataset`.
 *
 * @example
 * const s = latents.get(0); // { latent: Int32Array(64), caption: 'a red circle at the top left' }
 */
export interface LatentDataset {
  readonly specVersion: 'v1';
  readonly kind: 'continuous' | 'discrete';
  readonly latentShape: LatentShape;
  /** For discrete latents: ids lie in [0, codebookSize). */
  readonly codebookSize?: number;
  readonly size: number;
  /** sha256 of the codec weights that produced the latents (results name the codec they used). */
  readonly codecHash: string;
  get(index: number): LatentSample;
}
