import type { Variable } from '@tensorflow/tfjs-core';
import type { FlopCount } from './flop-count.js';
import type { Tensor2D, Tensor3D } from './tensor.js';

/**
 * Which positions attend to which.
 * - `causal`: position i sees positions ≤ i (the prompt prefix included). Next-token prediction.
 * - `bidirectional`: every position sees every position. Masked-token prediction and diffusion.
 */
export type AttentionMaskKind = 'causal' | 'bidirectional';

/** Input to one backbone pass. The sequence is [prefix ; tokens] along the time axis. */
export interface BackboneInput {
  /** Prefix embeddings [N, P, d]: the prompt's token embeddings, then any conditioning tokens (e.g. the timestep token). */
  prefix: Tensor3D;
  /** Image-position embeddings [N, T, d] from the objective's input head (positions already added by the backbone). */
  tokens: Tensor3D;
  mask: AttentionMaskKind;
  /** Optional conditioning vector [N, d] for adaLN-single modulation (diffusion's timestep); absent otherwise. */
  modulation?: Tensor2D;
  /** Dropout etc. are active only when true. */
  training?: boolean;
}

/** Opaque per-layer key/value cache for incremental (causal) decoding. */
export interface KVCache {
  /** Positions already stored (prefix + tokens). */
  readonly length: number;
  readonly capacity: number;
  dispose(): void;
}

/**
 * The Transformer every objective trains. Objective-specific heads live outside it (token embedding and
 * logits for token objectives, patch-in/out for continuous latents), so the three objectives share it.
 *
 * @example
 * const h = backbone.forward({ prefix, tokens, mask: 'causal' }); // [N, T, d]
 */
export interface Backbone {
  readonly specVersion: 'v1';
  readonly id: string;
  /** Model width d. */
  readonly width: number;
  readonly config: Readonly<Record<string, unknown>>;
  /** Hidden states for the `tokens` positions: [N, T, d]. */
  forward(input: BackboneInput): Tensor3D;
  /** An empty cache for `batch` sequences of up to `capacity` positions. */
  createCache(batch: number, capacity: number): KVCache;
  /**
   * Appends `tokens` ([N, t, d], after an optional `prefix` on the first call) to the cache under the causal
   * mask and returns hidden states for the appended token positions [N, t, d]. Gives the same values as
   * `forward` over the whole sequence.
   */
  forwardCached(input: Omit<BackboneInput, 'mask'>, cache: KVCache): Tensor3D;
  /** Trainable variables by stable name (`blocks.0.attn.qkv.weight`, …). */
  namedVariables(): Map<string, Variable>;
  /** FLOPs of one forward pass for one sequence of `prefixLength` + `tokenLength` positions. */
  forwardFlops(prefixLength: number, tokenLength: number, mask: AttentionMaskKind): FlopCount;
}
