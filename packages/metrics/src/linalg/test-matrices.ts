/** Test fixtures for the linear-algebra and metric tests: seeded random matrices (not exported). */
import { Rng } from '@flopmatch/core';

/** X [n, d] with standard normal entries from `new Rng(seed)`. */
export function randomNormalMatrix(seed: number, n: number, d: number): Float64Array {
  const rng = new Rng(seed);
  const x = new Float64Array(n * d);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  return x;
}

/** A random symmetric n × n matrix (B + Bᵀ)/2. */
export function randomSymmetric(seed: number, n: number): Float64Array {
  const b = randomNormalMatrix(seed, n, n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = (b[i * n + j]! + b[j * n + i]!) / 2;
  return a;
}
