/** Small builders of constructed claim inputs, shared by the claim tests. */
import type { BootstrapOptions } from './bootstrap.js';

/** Bootstrap settings for tests: fewer resamples, fixed seed. */
export const TEST_STATS: BootstrapOptions = { resamples: 1000, confidence: 0.95, seed: 0 };

/** n binary outcomes with k ones, spread evenly (deterministic). */
export function outcomes(k: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) =>
    Math.floor(((i + 1) * k) / n) > Math.floor((i * k) / n) ? 1 : 0,
  );
}

/** Deterministic small jitter in [−1, 1] for index i (a fixed sequence, not random). */
export function jitter(i: number): number {
  return Math.sin(12.9898 * (i + 1)) % 1;
}
