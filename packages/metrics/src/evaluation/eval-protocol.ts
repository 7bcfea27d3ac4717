/**
 * The evaluation contract: every distribution number is computed at a fixed, stated N on a fixed prompt
 * set with fixed seeds, and is reported beside two references measured the same way — the real-vs-real
 * baseline (two disjoint real sets; what a perfect generator would score at this N) and the autoencoder
 * ceiling (real vs autoencoder reconstructions of real images; the best a generator in that latent space
 * can score). Kilian et al. (arXiv:2405.13218) report FID at one fixed N; at our small N the estimator's
 * bias matters, so a number is never read alone.
 */
import { type DistributionMetric, parseConfig, Rng } from '@flopmatch/core';
import { z } from 'zod';
import { createFrechetDistance } from '../distribution/frechet-distance.js';
import { createKernelDistance } from '../distribution/kernel-inception-distance.js';
import { createPrecisionRecall } from '../distribution/precision-recall.js';

/** The zod schema of `EvalProtocol`. */
export const EvalProtocolSchema = z.strictObject({
  type: z.literal('metrics:eval-protocol').default('metrics:eval-protocol'),
  version: z.literal(1).default(1),
  /** Images per set N (real, real′, reconstructed, generated). Default 10 000 (FID's usual 10k). */
  n: z.number().int().min(2).default(10_000),
  /** Split the real sets come from. Default `test`. */
  split: z.string().min(1).default('test'),
  /** First sample of real set A; real set B is samples [offset + n, offset + 2n). Default 0. */
  offset: z.number().int().nonnegative().default(0),
  /** Seed of the per-image generation seeds and of KID's subsets. Default 0. */
  seed: z.number().int().nonnegative().default(0),
  /** KID subsets (subset size is capped at N). Defaults 1000 × 100 (Bińkowski et al.). */
  kid: z
    .strictObject({
      subsetSize: z.number().int().min(2).default(1000),
      subsets: z.number().int().min(1).default(100),
    })
    .prefault({}),
  /** k of the precision/recall k-NN manifolds. Default 3 (Kynkäänniemi et al.). */
  k: z.number().int().min(1).default(3),
});

/** A validated evaluation protocol (frozen, serialisable: save it with results). */
export type EvalProtocol = z.output<typeof EvalProtocolSchema>;
/** What callers may write. */
export type EvalProtocolInput = z.input<typeof EvalProtocolSchema>;

/** Validates a protocol (errors name the field). */
export function parseEvalProtocol(
  input: EvalProtocolInput = {},
  source = 'evaluation protocol',
): EvalProtocol {
  return parseConfig(EvalProtocolSchema, input, source);
}

/** The distribution metrics of a protocol: FD, KID (subset size ≤ N) and precision/recall. */
export function protocolMetrics(protocol: EvalProtocol): DistributionMetric[] {
  return [
    createFrechetDistance(),
    createKernelDistance({
      subsetSize: Math.min(protocol.kid.subsetSize, protocol.n),
      subsets: protocol.kid.subsets,
      seed: protocol.seed,
    }),
    createPrecisionRecall({ k: protocol.k }),
  ];
}

/** Sample indices of real set A and the disjoint real set B. */
export function realSetRanges(protocol: EvalProtocol): {
  a: { offset: number; count: number };
  b: { offset: number; count: number };
} {
  return {
    a: { offset: protocol.offset, count: protocol.n },
    b: { offset: protocol.offset + protocol.n, count: protocol.n },
  };
}

/**
 * The fixed prompt set and seeds of a protocol: the captions of real set A (so generated and real images
 * answer the same prompts) and one 31-bit seed per image from `Rng(seed).split('eval-seeds')`.
 *
 * @example
 * const { prompts, seeds } = evaluationPrompts((i) => dataset.get(i).caption, parseEvalProtocol({ n: 1000 }));
 */
export function evaluationPrompts(
  captionOf: (index: number) => string,
  protocol: EvalProtocol,
): { prompts: string[]; seeds: number[] } {
  const { a } = realSetRanges(protocol);
  const rng = new Rng(protocol.seed).split('eval-seeds');
  const prompts = Array.from({ length: a.count }, (_, i) => captionOf(a.offset + i));
  const seeds = Array.from({ length: a.count }, () => rng.int(2 ** 31));
  return { prompts, seeds };
}
