/**
 * A tiny seeded generator for metric subsampling (KID subsets) until `@flopmatch/core` ships its `Rng`;
 * any `RandomSource` from core can be passed instead. Algorithm: SplitMix32-style mixing of a 32-bit
 * counter (fast, passes the statistical needs of subsampling; not cryptographic).
 */

/** The part of core's `RandomSource` that metrics use. */
export interface UniformSource {
  /** Uniform float in [0, 1). */
  uniform(): number;
}

/** A deterministic uniform stream from a 32-bit seed. */
export function seededUniform(seed: number): UniformSource {
  let state = seed >>> 0;
  return {
    uniform() {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      z ^= z >>> 16;
      return (z >>> 0) / 4294967296;
    },
  };
}

/** `k` distinct indices from [0, n), uniformly (partial Fisher–Yates), in draw order. */
export function sampleWithoutReplacement(source: UniformSource, n: number, k: number): Int32Array {
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(source.uniform() * (n - i));
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return pool.slice(0, k);
}

/** A standard normal draw (Box–Muller) from a uniform source; used by tests and fixtures. */
export function normalFrom(source: UniformSource): number {
  const u = 1 - source.uniform();
  const v = source.uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
