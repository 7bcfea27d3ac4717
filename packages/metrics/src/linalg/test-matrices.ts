/** Test fixtures for the linear-algebra tests: seeded random matrices (not exported from the package). */
import { normalFrom, seededUniform } from '../random/seeded-random.js';

/** X [n, d] with standard normal entries. */
export function randomNormalMatrix(seed: number, n: number, d: number): Float64Array {
  const s = seededUniform(seed);
  const x = new Float64Array(n * d);
  for (let i = 0; i < x.length; i++) x[i] = normalFrom(s);
  return x;
}

/** A random symmetric n × n matrix (B + Bᵀ)/2. */
export function randomSymmetric(seed: number, n: number): Float64Array {
  const b = randomNormalMatrix(seed, n, n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = (b[i * n + j]! + b[j * n + i]!) / 2;
  return a;
}
