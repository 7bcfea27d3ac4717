/**
 * KV-cached decoding (raster next-token prediction, LlamaGen arXiv:2406.06525 §2.3): the prompt prefix is
 * run once into the cache (prefill), then one position per step. Matches core's `NextTokenModel`:
 *   prefill — the blocks over the P prefix positions (no head);
 *   step 0  — the head on the last prefix position's hidden state: logits for image token 0;
 *   step k ≥ 1 — image token k − 1 enters at absolute position p = P + k − 1, attends to p + 1 cached keys,
 *               and the head gives logits for image token k.
 * So prefill + all T steps = a causal forward over P + T − 1 positions with T head positions (model FLOPs),
 * which the tests check. Executed attention scores every key the kernel touches: p + 1, or the cache
 * capacity when the kernel runs over a fixed buffer.
 */
import { addFlops, type FlopCount } from '@flopmatch/core';
import { type CountOptions, resolveCountOptions } from '../count-options.js';
import { FlopsArgumentError } from '../errors.js';
import {
  parseTransformerShape,
  prefixPositions,
  type TransformerShape,
  type TransformerShapeInput,
} from './transformer-shape.js';
import { passTerms, sumTerms } from './transformer-terms.js';

/** Options of `decodeSchedule`. */
export interface DecodeScheduleOptions {
  /**
   * Positions of a fixed-size cache buffer the kernel scores in full (then masks). Default: none, the kernel
   * slices the cache to its filled length, so executed = model keys. Must hold P + T − 1 positions.
   */
  cacheCapacity?: number;
  /** Optional op families to count. Default: matmuls only. */
  count?: Partial<CountOptions>;
}

/** Forward FLOPs of a KV-cached decode of one sequence (inference: no backward). */
export interface DecodeSchedule {
  /** The prefix run into the cache. */
  prefill: FlopCount;
  /** steps[k] produces the logits of image token k (k = 0 … T − 1). */
  steps: FlopCount[];
  /** prefill + Σ steps. */
  total: FlopCount;
}

function checkDecodable(shape: TransformerShape, capacity: number | undefined): number {
  if (shape.mask === 'bidirectional') {
    throw new FlopsArgumentError(
      'shape.mask',
      shape.mask,
      'a bidirectional model cannot decode with a KV cache (every position sees later ones)',
      "price it with transformerFlops, or use mask 'causal' / 'prefix-causal'",
    );
  }
  const P = prefixPositions(shape);
  if (P < 1) {
    throw new FlopsArgumentError(
      'shape.prefixLength',
      shape.prefixLength,
      'decoding needs at least one prefix position to predict image token 0 from',
      'add a BOS / class / prompt prefix of length ≥ 1',
    );
  }
  const needed = P + shape.tokenLength - 1;
  if (capacity !== undefined && !(Number.isInteger(capacity) && capacity >= needed)) {
    throw new FlopsArgumentError(
      'decodeSchedule.cacheCapacity',
      capacity,
      `the cache must hold the ${needed} positions of prefix + T − 1 tokens`,
      `use a capacity ≥ ${needed}`,
    );
  }
  return P;
}

/**
 * FLOPs of the step that produces image token `k` (0-based) in a KV-cached decode.
 *
 * @example
 * decodeStepFlops(GOLDEN_PRESETS.demo, 5).model;
 */
export function decodeStepFlops(
  shape: TransformerShapeInput | TransformerShape,
  k: number,
  options: DecodeScheduleOptions = {},
): FlopCount {
  const s = parseTransformerShape(shape);
  const P = checkDecodable(s, options.cacheCapacity);
  return stepCost(s, P, k, options.cacheCapacity, resolveCountOptions(options.count));
}

function stepCost(
  s: TransformerShape,
  P: number,
  k: number,
  capacity: number | undefined,
  count: CountOptions,
) {
  if (!Number.isInteger(k) || k < 0 || k >= s.tokenLength) {
    throw new FlopsArgumentError(
      'decode.step',
      k,
      `steps run 0 … ${s.tokenLength - 1}`,
      'pass a step inside the grid',
    );
  }
  const keys = k === 0 ? 0 : P + k; // query at position P + k − 1 sees P + k keys
  const pass = {
    positions: k === 0 ? 0 : 1,
    pairs: { model: keys, executed: k === 0 ? 0 : (capacity ?? keys) },
    promptTokens: 0,
    inputTokens: k === 0 ? 0 : 1,
    headPositions: 1,
    conditioning: false,
  };
  return sumTerms(passTerms(s, pass, count)).forward;
}

/**
 * The full decode schedule of one sequence: prefill, then every step at its exact position.
 *
 * @example
 * const { prefill, steps, total } = decodeSchedule(GOLDEN_PRESETS.demo);
 */
export function decodeSchedule(
  shape: TransformerShapeInput | TransformerShape,
  options: DecodeScheduleOptions = {},
): DecodeSchedule {
  const s = parseTransformerShape(shape);
  const capacity = options.cacheCapacity;
  const P = checkDecodable(s, capacity);
  const count = resolveCountOptions(options.count);
  // The prefix attends to itself: all P² pairs under prefix-causal, P(P + 1)/2 under causal.
  const prefillPairs = s.mask === 'prefix-causal' ? P * P : (P * (P + 1)) / 2;
  const prefill = sumTerms(
    passTerms(
      s,
      {
        positions: P,
        pairs: { model: prefillPairs, executed: P * (capacity ?? P) },
        promptTokens: s.prefixLength,
        inputTokens: 0,
        headPositions: 0,
        conditioning: true,
      },
      count,
    ),
  ).forward;
  const steps: FlopCount[] = [];
  for (let k = 0; k < s.tokenLength; k++) steps.push(stepCost(s, P, k, capacity, count));
  return { prefill, steps, total: addFlops(prefill, ...steps) };
}
