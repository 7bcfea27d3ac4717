/**
 * MaskGIT parallel decoding for masked-token models.
 *
 * Paper: Chang et al., "MaskGIT: Masked Generative Image Transformer", arXiv:2202.04200, §3.2 (iterative
 * decoding: predict, sample, mask schedule, mask) and §3.3 (cosine schedule).
 *
 * Notation: N images, T = h·w tokens each, K iterations, V = codebook size, m_k = tokens still masked after
 * iteration k (`maskgitSchedule`), τ = sampling temperature, τ_c = choice temperature.
 *
 * Iteration k = 0 … K−1:
 *   1. Predict: logits [N, T, V] for the current ids (masked positions hold `maskId`); with guidance one
 *      call on 2N rows and guided = uncond + s·(cond − uncond) on the logits.
 *   2. Sample: at every masked position draw a token from softmax(logits / τ) (τ = 0: argmax).
 *   3. Confidence: log softmax(logits)[sampled] + τ_c·(1 − (k+1)/K)·g with g ~ Gumbel(0, 1), the noise
 *      annealed to zero at the last iteration; already-decoded positions have confidence +∞.
 *   4. Mask: the m_k positions with the lowest confidence stay masked, every other sampled token is
 *      committed. Decoded tokens are never masked again; m_{K−1} = 0, so no mask survives the last step.
 */
import {
  addFlops,
  type FlopCount,
  parseConfig,
  Rng,
  type SampleRequest,
  type SampleResult,
  type Sampler,
  ZERO_FLOPS,
} from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { guidedBatch } from './classifier-free-guidance.js';
import { SamplerError } from './errors.js';
import { finishSample } from './finish-sample.js';
import type { SamplerConfig } from './flow-solver.js';
import { type EstimatedCost, repeatedCallCost } from './inference-cost.js';
import { maskgitSchedule } from './maskgit-schedule.js';
import { MemoryProbe } from './memory-probe.js';
import { checkModelAndCodec, checkOutputShape, resolveRequest } from './sample-request.js';
import { gumbel, logProbability, sampleIndex, tokenDistribution } from './token-sampling.js';

/** Options of `MaskGitSampler`. */
export interface MaskGitOptions {
  /**
   * K, the number of parallel decoding iterations (the paper's T). Default 8 (what MaskGIT uses for 256²
   * ImageNet); at most the number of latent tokens.
   */
  iterations: number;
  /** Sampling temperature τ of step 2; 0 = argmax. Default 1. */
  temperature: number;
  /**
   * τ_c, scale of the Gumbel noise added to the confidence, annealed as τ_c·(1 − (k+1)/K). Default 4.5
   * (the authors' reference implementation); 0 = pure confidence ranking.
   */
  choiceTemperature: number;
}

/** zod schema of `MaskGitOptions`. */
export const MaskGitOptionsSchema = z
  .object({
    iterations: z.number().int().min(1).default(8),
    temperature: z.number().min(0).default(1),
    choiceTemperature: z.number().min(0).default(4.5),
  })
  .strict();

/**
 * MaskGIT sampler, registry id `sampler:maskgit`.
 *
 * @example
 * const maskgit = new MaskGitSampler({ iterations: 12 });
 * const { latents, cost } = await maskgit.sample({ model, codec, prompts: ['two blue squares'], n: 8, seed: 1, cfgScale: 2 });
 * cost.sequentialEvals; // 12
 */
export class MaskGitSampler implements Sampler<MaskGitOptions> {
  readonly specVersion = 'v1' as const;
  readonly id = 'sampler:maskgit';
  readonly modelKind = 'masked' as const;
  readonly options: Readonly<MaskGitOptions>;

  /** @param options partial `MaskGitOptions`, validated (unknown fields and bad values throw `ConfigError`). */
  constructor(options: Partial<MaskGitOptions> = {}) {
    this.options = parseConfig(MaskGitOptionsSchema, options, 'sampler:maskgit options');
  }

  /** Frozen, serialisable config (`samplerFromConfig` rebuilds the sampler from it). */
  get config(): SamplerConfig<MaskGitOptions> {
    return Object.freeze({ type: this.id, version: 1, options: this.options });
  }

  /** Masked-token counts after each iteration for a grid of `tokens` positions. */
  schedule(tokens: number): number[] {
    this.checkIterations(tokens);
    return maskgitSchedule(tokens, this.options.iterations);
  }

  estimateCost(request: Pick<SampleRequest, 'model' | 'codec' | 'n' | 'cfgScale'>): EstimatedCost {
    const checked = checkModelAndCodec(this, request);
    this.checkIterations(checked.model.latentShape.height * checked.model.latentShape.width);
    return repeatedCallCost(checked, this.options.iterations);
  }

  async sample(request: SampleRequest): Promise<SampleResult> {
    const started = performance.now();
    const probe = new MemoryProbe();
    const { model, codec, prompts, n, seed, cfgScale } = resolveRequest(this, request);
    const { height, width } = model.latentShape;
    const tokens = height * width;
    const schedule = this.schedule(tokens);
    const { iterations: k, temperature, choiceTemperature } = this.options;
    const vocab = model.codebookSize;
    const ids = new Int32Array(n * tokens).fill(model.maskId);
    const root = new Rng(seed).split('maskgit');
    const guided = guidedBatch(model, prompts, cfgScale);
    let backbone: FlopCount = ZERO_FLOPS;
    try {
      for (let iteration = 0; iteration < k; iteration++) {
        // 1. Predict
        const logits = tf.tidy(() => {
          const input = tf.tensor2d(ids.slice(), [n, tokens], 'int32'); // a copy: ids keeps changing
          const out = model.logits(guided.expand(input), guided.cond);
          checkOutputShape(this.id, 'model.logits', out.shape, [guided.batch, tokens, vocab]);
          const combined = guided.combine(out);
          probe.sample();
          return combined;
        });
        backbone = addFlops(backbone, model.callFlops(guided.batch));
        const data = await logits.data();
        logits.dispose();
        // 2.–3. Sample and score every masked position
        const stream = root.split(iteration);
        const noiseScale = choiceTemperature * (1 - (iteration + 1) / k); // annealed Gumbel scale
        const keepMasked = schedule[iteration]!;
        for (let b = 0; b < n; b++) {
          const confidence = new Float64Array(tokens);
          const sampled = new Int32Array(tokens);
          for (let t = 0; t < tokens; t++) {
            const at = b * tokens + t;
            if (ids[at] !== model.maskId) {
              confidence[t] = Number.POSITIVE_INFINITY; // decoded: never re-masked
              continue;
            }
            const r = { data, offset: at * vocab, length: vocab };
            const probs = tokenDistribution(r, { temperature, topK: 0, topP: 1 });
            const token = sampleIndex(probs, stream.uniform());
            sampled[t] = token;
            // at τ = 1 the sampling distribution is softmax(logits) itself: reuse it for the log-probability
            const logp = temperature === 1 ? Math.log(probs[token]!) : logProbability(r, token);
            confidence[t] = logp + noiseScale * gumbel(stream); // §3.2 step 3 with Gumbel noise
          }
          // 4. Mask: the keepMasked least confident positions stay masked, the rest are committed
          const order = Array.from({ length: tokens }, (_, t) => t).sort(
            (p, q) => confidence[p]! - confidence[q]! || p - q,
          );
          for (let j = keepMasked; j < tokens; j++) {
            const t = order[j]!;
            if (confidence[t] !== Number.POSITIVE_INFINITY) ids[b * tokens + t] = sampled[t]!;
          }
        }
      }
    } finally {
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
      nfe: k,
      cfgPasses: guided.passes,
      sequentialEvals: k,
    });
  }

  private checkIterations(tokens: number): void {
    if (this.options.iterations > tokens) {
      throw new SamplerError(
        this.id,
        `options.iterations = ${this.options.iterations} exceeds the ${tokens} latent tokens (each iteration unmasks at least one)`,
        `set iterations to at most ${tokens}`,
      );
    }
  }
}
