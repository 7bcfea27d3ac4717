/**
 * Turning one row of logits into a sampled token, in float64 JavaScript: temperature, top-k, top-p
 * (nucleus) filtering, categorical draws by inverse CDF from a uniform of core's `Rng`, log-probabilities
 * and Gumbel noise. Drawing in JavaScript makes a seed give the same tokens on every backend.
 *
 * Papers: Fan et al., "Hierarchical Neural Story Generation", arXiv:1805.04833 (top-k random sampling);
 * Holtzman et al., "The Curious Case of Neural Text Degeneration", arXiv:1904.09751, §3.1 (nucleus
 * sampling, eq. 2: the smallest set V(p) with Σ_{x∈V(p)} P(x) ≥ p).
 *
 * Order of operations (as Hugging Face `generate` does it): logits / temperature → keep the top-k →
 * softmax → keep the nucleus → renormalise.
 */

/** How a distribution is shaped before sampling. */
export interface TokenFilterOptions {
  /** Softmax temperature τ: p ∝ exp(logit / τ). 0 = greedy (argmax, first index on ties). */
  temperature: number;
  /** Keep only the k most likely tokens (ties broken by lower id); 0 = keep all. */
  topK: number;
  /** Keep the smallest set of most likely tokens whose probability is ≥ p (at least one token); 1 = keep all. */
  topP: number;
}

import type { RandomSource } from '@flopmatch/core';

/** Tolerance on the nucleus sum, so that rounding in the softmax never adds a token (|Σp − p| ≤ 1e-12). */
const NUCLEUS_TOLERANCE = 1e-12;

/** A logits row: `length` values of `data` starting at `offset`. */
export interface LogitsRow {
  data: ArrayLike<number>;
  offset: number;
  length: number;
}

/** The whole of `values` as a row. */
export function row(values: ArrayLike<number>): LogitsRow {
  return { data: values, offset: 0, length: values.length };
}

/** Token ids sorted by descending logit, ties by ascending id. */
function rankByLogit(r: LogitsRow, ids: number[]): number[] {
  return ids.sort((a, b) => r.data[r.offset + b]! - r.data[r.offset + a]! || a - b);
}

/**
 * The probabilities a token is drawn with after temperature, top-k and top-p: a float64 array of length
 * `row.length` that sums to 1, zero outside the kept set.
 *
 * @example
 * tokenDistribution(row([2, 1, 0]), { temperature: 1, topK: 2, topP: 1 }); // [e/(e+1), 1/(e+1), 0]
 */
export function tokenDistribution(r: LogitsRow, options: TokenFilterOptions): Float64Array {
  const { temperature, topK, topP } = options;
  const size = r.length;
  const probs = new Float64Array(size);
  if (temperature === 0) {
    let best = 0;
    for (let i = 1; i < size; i++) if (r.data[r.offset + i]! > r.data[r.offset + best]!) best = i;
    probs[best] = 1;
    return probs;
  }
  // ids kept by top-k, already ranked; undefined = every id (no index array on the common path)
  const topIds = topK > 0 && topK < size ? rankByLogit(r, allIds(size)).slice(0, topK) : undefined;
  const count = topIds ? topIds.length : size;
  const id = (j: number) => (topIds ? topIds[j]! : j);
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < count; j++) max = Math.max(max, r.data[r.offset + id(j)]! / temperature);
  let sum = 0;
  for (let j = 0; j < count; j++) {
    const e = Math.exp(r.data[r.offset + id(j)]! / temperature - max); // softmax(logits / τ)
    probs[id(j)] = e;
    sum += e;
  }
  for (let j = 0; j < count; j++) probs[id(j)]! /= sum;
  if (topP < 1) {
    const ranked = topIds ?? rankByLogit(r, allIds(size)); // ranking by logit = ranking by probability
    let mass = 0;
    let cut = 0;
    while (cut < ranked.length) {
      mass += probs[ranked[cut]!]!;
      cut++;
      if (mass >= topP - NUCLEUS_TOLERANCE) break; // eq. (2): smallest prefix with mass ≥ p
    }
    for (let j = cut; j < ranked.length; j++) probs[ranked[j]!] = 0;
    for (let j = 0; j < cut; j++) probs[ranked[j]!]! /= mass;
  }
  return probs;
}

function allIds(size: number): number[] {
  return Array.from({ length: size }, (_, i) => i);
}

/**
 * Draws an index from `probs` (summing to 1) with one uniform `u` in (0, 1): the first index whose
 * cumulative probability exceeds u. Zero-probability entries are never returned.
 */
export function sampleIndex(probs: ArrayLike<number>, u: number): number {
  let cumulative = 0;
  let last = -1;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i]!;
    if (p <= 0) continue;
    cumulative += p;
    last = i;
    if (u < cumulative) return i;
  }
  return last; // u beyond the rounded total: the last token with mass
}

/** log softmax(row)[index], computed stably in float64. */
export function logProbability(r: LogitsRow, index: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < r.length; i++) max = Math.max(max, r.data[r.offset + i]!);
  let sum = 0;
  for (let i = 0; i < r.length; i++) sum += Math.exp(r.data[r.offset + i]! - max);
  return r.data[r.offset + index]! - max - Math.log(sum);
}

/** Smallest uniform used for Gumbel noise, so that −log(−log u) stays finite when a draw is exactly 0. */
const SMALLEST_UNIFORM = 2 ** -53;

/**
 * A standard Gumbel(0, 1) draw, −log(−log u) with u uniform (Gumbel, "Statistical Theory of Extreme
 * Values", 1954; as used for MaskGIT's confidence noise).
 */
export function gumbel(rng: RandomSource): number {
  return -Math.log(-Math.log(Math.max(rng.uniform(), SMALLEST_UNIFORM)));
}
