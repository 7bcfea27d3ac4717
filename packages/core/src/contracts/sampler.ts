import type { FlopCount } from './flop-count.js';
import type { GenerativeModel } from './generative-model.js';
import type { LatentCodec } from './latent-codec.js';
import type { Tensor, Tensor4D } from './tensor.js';

/**
 * What one `sample` call spent, from the same FLOP ledger as training.
 * `nfe` counts network evaluations per sample path; `sequentialEvals` counts evaluations that must run one
 * after another (latency-critical: next-token needs one per token even though each is cheap).
 */
export interface InferenceCost {
  flops: { backbone: FlopCount; decoder: FlopCount; total: FlopCount; perImage: FlopCount };
  nfe: number;
  /** Backbone passes per evaluation: 2 with classifier-free guidance (uncond batch counted), else 1. */
  cfgPasses: number;
  sequentialEvals: number;
  wallMs: number;
  peakBytes: number;
  batch: number;
}

/** Options every sampler understands. */
export interface SampleRequest {
  model: GenerativeModel;
  codec: LatentCodec;
  prompts: string[];
  /** Images per prompt list: prompts are cycled to length n. */
  n: number;
  seed: number;
  /** Classifier-free guidance scale s: guided = uncond + s·(cond − uncond). 1 = no guidance pass. */
  cfgScale?: number;
}

/** A sampler's output: decoded images, the latents they came from, and the exact cost. */
export interface SampleResult {
  images: Tensor4D;
  /** Float latents [N, h, w, c] (flow) or int32 ids [N, h, w] (token samplers). */
  latents: Tensor;
  prompts: string[];
  cost: InferenceCost;
}

/**
 * One sampling algorithm (Euler/Heun flow, MaskGIT, next-token). Implementations share this contract as
 * diffusers' schedulers share `step`.
 */
export interface Sampler<Options extends object = Record<string, unknown>> {
  readonly specVersion: 'v1';
  /** Registry id: `sampler:euler`, `sampler:heun`, `sampler:maskgit`, `sampler:next-token`. */
  readonly id: string;
  /** Which generative model kinds it can drive. */
  readonly modelKind: GenerativeModel['kind'];
  readonly options: Readonly<Options>;
  sample(request: SampleRequest): Promise<SampleResult>;
  /** Cost of a request computed from the ledger without running the model (for `flopmatch flops`). */
  estimateCost(
    request: Pick<SampleRequest, 'model' | 'codec' | 'n' | 'cfgScale'>,
  ): Omit<InferenceCost, 'wallMs' | 'peakBytes'>;
}
