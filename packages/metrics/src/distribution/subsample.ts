/** Uniform subsampling without replacement, for metrics that average over random subsets (KID). */
import type { RandomSource } from '@flopmatch/core';

/**
 * `k` distinct indices from [0, n), each k-subset equally likely (partial Fisher–Yates), using
 * `source.int`. Throws when k > n.
 *
 * @example
 * const rows = sampleWithoutReplacement(new Rng(0).split('kid'), 5000, 1000);
 */
export function sampleWithoutReplacement(
  source: Pick<RandomSource, 'int'>,
  n: number,
  k: number,
): Int32Array {
  if (k > n) throw new RangeError(`cannot draw ${k} distinct indices from ${n}`);
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + source.int(n - i);
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return pool.slice(0, k);
}
