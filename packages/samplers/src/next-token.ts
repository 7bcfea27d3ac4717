/**
 * Raster-order next-token decoding with a KV cache, for next-token models.
 *
 * Papers: Sun et al., "Autoregressive Model Beats Diffusion: Llama for Scalable Image Generation"
 * (LlamaGen), arXiv:2406.06525, §2 (raster-order decoding with classifier-free guidance on the logits,
 * KV-cached serving); top-k (Fan et al., arXiv:1805.04833) and nucleus sampling (Holtzman et al.,
 * arXiv:1904.09751, §3.1, eq. 2) in `token-sampling.ts`.
 *
 * Notation: N images, T = h·w image tokens in raster order, V = codebook size, B = rows per model call
 * (N, or 2N with guidance).
 *
 * Cached path (`useCache: true`): `start(cond)` runs the prompt prefix into the cache once, then `next` is
 * called T times, each appending one token and attending over the grown prefix. Cost: prefillFlops(B) +
 * Σ_{p=0}^{T−1} stepFlops(B, p), exactly what the model's ledger prices. `nfe` = `sequentialEvals` = T: one
 * evaluation per token; the prefill is priced in FLOPs but not counted as an evaluation (it is the prompt
 * half of the first one, which the uncached path does in a single call).
 *
 * `start` and `next` are called outside `tf.tidy`, so tensors a model keeps in its decoding state survive;
 * the sampler disposes only the logits `next` returns and calls `state.dispose()` at the end.
 *
 * Reference path (`useCache: false`): at every position p the full forward `logits(ids[:, :p])` is recomputed
 * from scratch and its last row used. Same tokens for the same seed, far more FLOPs (see
 * `uncachedForwardFlops`).
 */
import {
  addFlops,
  type FlopCount,
  type NextTokenModel,
  parseConfig,
  Rng,
  type SampleRequest,
  type SampleResult,
  type Sampler,
  ZERO_FLOPS,
} from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { cfgPasses, guidedBatch } from './classifier-free-guidance.js';
import { finishSample } from './finish-sample.js';
import type { SamplerConfig } from './flow-solver.js';
import { assembleCost, type EstimatedCost } from './inference-cost.js';
import { MemoryProbe } from './memory-probe.js';
import { checkModelAndCodec, checkOutputShape, resolveRequest, sameShape } from './sample-request.js';
import { sampleIndex, tokenDistribution } from './token-sampling.js';

/** Options of `NextTokenSampler`. */
export interface NextTokenOptions {
  /** Softmax temperature τ; 0 = greedy. Default 1. */
  temperature: number;
  /** Keep the k most likely tokens; 0 = off (default). */
  topK: number;
  /** Nucleus: keep the smallest set with probability ≥ p (at least one token); 1 = off (default). */
  topP: number;
  /**
   * true (default): KV-cached decoding through `start`/`next`. false: the reference path that recomputes
   * the full forward `logits` at every position (identical tokens, O(T²) more work).
   */
  useCache: boolean;
}

/** zod schema of `NextTokenOptions`. */
export const NextTokenOptionsSchema = z
  .object({
    temperature: z.number().min(0).default(1),
    topK: z.number().int().min(0).default(0),
    topP: z.number().gt(0).max(1).default(1),
    useCache: z.boolean().default(true),
  })
  .strict();

/**
 * An optional method a `NextTokenModel` may add: the ledger price of one uncached `logits` call on n
 * sequences of `tokens` image tokens. The core contract does not have it yet; without it the sampler prices
 * that call as prefillFlops(n) + Σ_{q=0}^{tokens} stepFlops(n, q) — the same sequence through the same
 * causal network, exact in the `model` convention, while `executed` may differ for kernels that compute
 * full attention scores before masking.
 */
export interface UncachedForwardPricing {
  logitsFlops(n: number, tokens: number): FlopCount;
}

/** FLOPs of `model.logits` on n sequences of `tokens` image tokens (see `UncachedForwardPricing`). */
export function uncachedForwardFlops(model: NextTokenModel, n: number, tokens: number): FlopCount {
  const priced = model as NextTokenModel & Partial<UncachedForwardPricing>;
  if (typeof priced.logitsFlops === 'function') return priced.logitsFlops(n, tokens);
  let total = model.prefillFlops(n);
  for (let q = 0; q <= tokens; q++) total = addFlops(total, model.stepFlops(n, q));
  return total;
}

/**
 * Next-token sampler, registry id `sampler:next-token`.
 *
 * @example
 * const ar = new NextTokenSampler({ topK: 100, topP: 0.95 });
 * const { latents, cost } = await ar.sample({ model, codec, prompts: ['a red circle'], n: 4, seed: 0, cfgScale: 3 });
 * cost.sequentialEvals; // h·w: one evaluation per token
 */
export class NextTokenSampler implements Sampler<NextTokenOptions> {
  readonly specVersion = 'v1' as const;
  readonly id = 'sampler:next-token';
  readonly modelKind = 'next-token' as const;
  readonly options: Readonly<NextTokenOptions>;

  /** @param options partial `NextTokenOptions`, validated (unknown fields and bad values throw `ConfigError`). */
  constructor(options: Partial<NextTokenOptions> = {}) {
    this.options = parseConfig(NextTokenOptionsSchema, options, 'sampler:next-token options');
  }

  /** Frozen, serialisable config (`samplerFromConfig` rebuilds the sampler from it). */
  get config(): SamplerConfig<NextTokenOptions> {
    return Object.freeze({ type: this.id, version: 1, options: this.options });
  }

  /**
   * Ledger price of the whole decode for a batch of `rows` sequences of `tokens` image tokens.
   * Cached: prefill + Σ_p stepFlops(rows, p). Uncached: Σ_p uncachedForwardFlops(rows, p).
   */
  decodeFlops(model: NextTokenModel, rows: number, tokens: number): FlopCount {
    let total: FlopCount = this.options.useCache ? model.prefillFlops(rows) : ZERO_FLOPS;
    for (let p = 0; p < tokens; p++) {
      const call = this.options.useCache ? model.stepFlops(rows, p) : uncachedForwardFlops(model, rows, p);
      total = addFlops(total, call);
    }
    return total;
  }

  estimateCost(request: Pick<SampleRequest, 'model' | 'codec' | 'n' | 'cfgScale'>): EstimatedCost {
    const { model, codec, n, cfgScale } = checkModelAndCodec(this, request);
    const passes = cfgPasses(cfgScale);
    const tokens = model.latentShape.height * model.latentShape.width;
    return assembleCost({
      backbone: this.decodeFlops(model, n * passes, tokens),
      codec,
      n,
      nfe: tokens,
      cfgPasses: passes,
      sequentialEvals: tokens,
    });
  }

  async sample(request: SampleRequest): Promise<SampleResult> {
    const started = performance.now();
    const probe = new MemoryProbe();
    const { model, codec, prompts, n, seed, cfgScale } = resolveRequest(this, request);
    const { height, width } = model.latentShape;
    const tokens = height * width;
    const vocab = model.codebookSize;
    const ids = new Int32Array(n * tokens); // [N, T] row-major
    const stream = new Rng(seed).split('next-token');
    const guided = guidedBatch(model, prompts, cfgScale);
    const { useCache } = this.options;
    let backbone: FlopCount = ZERO_FLOPS;
    const state = useCache ? model.start(guided.cond) : undefined;
    if (state) backbone = addFlops(backbone, model.prefillFlops(guided.batch));
    let previous: tf.Tensor1D | undefined;
    try {
      for (let p = 0; p < tokens; p++) {
        // `next` runs outside tf.tidy: the model's cache tensors must outlive this step.
        const stepped = state ? model.next(state, previous) : undefined;
        if (stepped && !sameShape(stepped.shape, [guided.batch, vocab])) {
          stepped.dispose();
          checkOutputShape(this.id, 'model.next', stepped.shape, [guided.batch, vocab]);
        }
        const logits = tf.tidy(() => {
          let out: tf.Tensor2D;
          if (stepped) {
            out = stepped;
          } else {
            const prefix = tf.tensor2d(prefixOf(ids, n, tokens, p), [n, p], 'int32');
            const full = model.logits(guided.expand(prefix), guided.cond);
            checkOutputShape(this.id, 'model.logits', full.shape, [guided.batch, p + 1, vocab]);
            out = tf.reshape(tf.slice(full, [0, p, 0], [guided.batch, 1, vocab]), [guided.batch, vocab]);
          }
          const combined = guided.combine(out);
          probe.sample();
          return combined;
        });
        stepped?.dispose();
        backbone = addFlops(
          backbone,
          state ? model.stepFlops(guided.batch, p) : uncachedForwardFlops(model, guided.batch, p),
        );
        const data = await logits.data();
        logits.dispose();
        const sampled = new Int32Array(n);
        for (let b = 0; b < n; b++) {
          const probs = tokenDistribution({ data, offset: b * vocab, length: vocab }, this.options);
          sampled[b] = sampleIndex(probs, stream.uniform());
          ids[b * tokens + p] = sampled[b]!;
        }
        previous?.dispose();
        previous = undefined;
        if (state && p < tokens - 1) {
          const column = tf.tensor1d(sampled, 'int32');
          previous = guided.expand(column);
          column.dispose();
        }
      }
    } finally {
      previous?.dispose();
      state?.dispose();
      guided.dispose();
    }
    const latents = tf.tensor3d(ids, [n, height, width], 'int32');
    return finishSample({
      latents,
      prompts,
      probe,
      started,
      backbone,
      codec,
      n,
      nfe: tokens,
      cfgPasses: guided.passes,
      sequentialEvals: tokens,
    });
  }
}

/** The first `p` tokens of each of the `n` rows of `ids` ([n, tokens] row-major), as [n, p] row-major. */
function prefixOf(ids: Int32Array, n: number, tokens: number, p: number): Int32Array {
  const out = new Int32Array(n * p);
  for (let b = 0; b < n; b++) out.set(ids.subarray(b * tokens, b * tokens + p), b * p);
  return out;
}
