/**
 * Square root of a symmetric positive semi-definite matrix through its eigen-decomposition:
 * S = V·diag(λ)·Vᵀ ⇒ S^{1/2} = V·diag(√max(λ, 0))·Vᵀ. Eigenvalues that rounding pushed slightly below zero
 * are clamped to 0, so the result is always real and symmetric (unlike a general `sqrtm`, which can return
 * a complex matrix from a nearly singular product).
 */
import { symmetricEigen } from './symmetric-eigen.js';

/** S^{1/2} for a symmetric PSD n × n row-major matrix; returns a symmetric n × n row-major matrix. */
export function sqrtmPsd(s: Float64Array, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(s, n);
  const v = vectors!;
  const root = new Float64Array(n);
  for (let i = 0; i < n; i++) root[i] = Math.sqrt(Math.max(values[i]!, 0));
  // R = V·diag(root)·Vᵀ, symmetric: compute the lower triangle and mirror it.
  const r = new Float64Array(n * n);
  const scaled = new Float64Array(n * n); // V·diag(root)
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) scaled[i * n + k] = v[i * n + k]! * root[k]!;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      const rowI = i * n;
      const rowJ = j * n;
      for (let k = 0; k < n; k++) sum += scaled[rowI + k]! * v[rowJ + k]!;
      r[i * n + j] = sum;
      r[j * n + i] = sum;
    }
  }
  return r;
}

/** tr(S^{1/2}) = Σ √max(λᵢ, 0) for a symmetric PSD matrix: eigenvalues only, no vectors needed. */
export function traceSqrtmPsd(s: Float64Array, n: number): number {
  const { values } = symmetricEigen(s, n, { vectors: false });
  let t = 0;
  for (const v of values) t += Math.sqrt(Math.max(v, 0));
  return t;
}
