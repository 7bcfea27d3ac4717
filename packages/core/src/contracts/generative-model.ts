/**
 * What a trained generator exposes to samplers. Each objective package returns one of these views of its
 * network; samplers (`@flopmatch/samplers`) depend only on these interfaces, never on an objective's
 * internals. Every view prices its own calls through the FLOP ledger, so a sampler's cost is exact.
 */
import type { Conditioning } from './conditioning.js';
import type { FlopCount } from './flop-count.js';
import type { LatentShape } from './latent-codec.js';
import type { Tensor1D, Tensor2D, Tensor3D, Tensor4D } from './tensor.js';

interface GenerativeModelBase {
  readonly specVersion: 'v1';
  readonly latentShape: LatentShape;
  /** Prompts → conditioning (token ids at the model's prompt length). */
  condition(prompts: string[]): Conditioning;
  /** `n` rows of the null prompt: the unconditional branch of classifier-free guidance. */
  nullCondition(n: number): Conditioning;
}

/**
 * Flow matching / rectified flow (SD3, arXiv:2403.03206 §2): x_t = (1 − t)·x_0 + t·ε, the network predicts
 * the velocity v = ε − x_0. Sampling integrates dx/dt = v from t = 1 (noise) to t = 0 (data).
 */
export interface FlowModel extends GenerativeModelBase {
  readonly kind: 'flow';
  /** v(x_t, t | cond): x_t [N, h, w, c], t [N] in [0, 1] → velocity [N, h, w, c]. */
  velocity(xt: Tensor4D, t: Tensor1D, cond: Conditioning): Tensor4D;
  /** FLOPs of one `velocity` call on a batch of `n`. */
  callFlops(n: number): FlopCount;
}

/** MaskGIT (arXiv:2202.04200): a bidirectional network predicting every masked token at once. */
export interface MaskedTokenModel extends GenerativeModelBase {
  readonly kind: 'masked';
  readonly codebookSize: number;
  /** The id of the [MASK] token (outside [0, codebookSize)). */
  readonly maskId: number;
  /** ids [N, T] (maskId where masked) → logits [N, T, codebookSize]. */
  logits(ids: Tensor2D, cond: Conditioning): Tensor3D;
  callFlops(n: number): FlopCount;
}

/** State of an incremental decode: the KV cache and how many image tokens are in it. */
export interface DecodingState {
  readonly position: number;
  dispose(): void;
}

/** Raster-order next-token prediction (LlamaGen, arXiv:2406.06525) with a KV cache. */
export interface NextTokenModel extends GenerativeModelBase {
  readonly kind: 'next-token';
  readonly codebookSize: number;
  /** Full forward without cache (teacher forcing): ids [N, t] → logits [N, t + 1, codebookSize] for positions 0..t. */
  logits(ids: Tensor2D, cond: Conditioning): Tensor3D;
  /** Runs the prompt prefix into a fresh cache; `next` then yields logits for image position 0. */
  start(cond: Conditioning): DecodingState;
  /**
   * Logits [N, codebookSize] for the next image position. `previous` is the id sampled at the last
   * position ([N]); omit it on the first call after `start`.
   */
  next(state: DecodingState, previous?: Tensor1D): Tensor2D;
  /** FLOPs of `start` on a batch of n (prefix forward). */
  prefillFlops(n: number): FlopCount;
  /** FLOPs of the `next` call that produces image position `position` (attention over the grown prefix). */
  stepFlops(n: number, position: number): FlopCount;
  /**
   * FLOPs of one uncached `logits` call on `tokens` image ids (the reference path). Optional: without it a
   * sampler charges prefill + Σ stepFlops, exact in model FLOPs but not in executed FLOPs.
   */
  logitsFlops?(n: number, tokens: number): FlopCount;
}

/** Any sampler-facing view; discriminate on `kind`. */
export type GenerativeModel = FlowModel | MaskedTokenModel | NextTokenModel;
