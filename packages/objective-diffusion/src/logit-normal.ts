/**
 * Logit-normal timestep sampling for rectified-flow training — Esser et al., "Scaling Rectified Flow
 * Transformers for High-Resolution Image Synthesis" (SD3), arXiv:2403.03206, §3.1 ("Logit-Normal
 * Sampling"): t = sigmoid(m + s·n) with n ~ N(0, 1), whose density is
 *   π_ln(t; m, s) = 1/(s·√(2π)) · 1/(t(1 − t)) · exp(−(logit(t) − m)² / (2s²)),
 * putting more weight on intermediate t than the uniform distribution (m shifts it, s widens it).
 */
import type { RandomSource } from '@flopmatch/core';

/** Location m and scale s of the logit-normal. SD3's default is m = 0, s = 1. */
export interface LogitNormal {
  /** m: mean of logit(t). */
  mean: number;
  /** s > 0: standard deviation of logit(t). */
  scale: number;
}

/** σ(x) = 1 / (1 + e^(−x)). */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * n draws of t = sigmoid(m + s·n), n ~ N(0, 1) from `rng`.
 *
 * @example
 * sampleLogitNormal(8, { mean: 0, scale: 1 }, rng.split('t')); // Float32Array(8) in (0, 1)
 */
export function sampleLogitNormal(n: number, dist: LogitNormal, rng: RandomSource): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = sigmoid(dist.mean + dist.scale * rng.normal()); // §3.1: t = sigmoid(m + s·n)
  return out;
}

/** π_ln(t; m, s), the density of the logit-normal on (0, 1) (§3.1). */
export function logitNormalDensity(t: number, dist: LogitNormal): number {
  const z = Math.log(t / (1 - t));
  return (
    Math.exp(-((z - dist.mean) ** 2) / (2 * dist.scale ** 2)) /
    (dist.scale * Math.sqrt(2 * Math.PI) * t * (1 - t))
  );
}
