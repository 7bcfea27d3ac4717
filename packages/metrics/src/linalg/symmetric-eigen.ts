/**
 * Eigen-decomposition of a real symmetric matrix, in float64 plain TypeScript.
 *
 * Method: Householder reduction to tridiagonal form, then the implicit QL iteration with Wilkinson-style
 * shifts on the tridiagonal matrix (Golub & Van Loan, "Matrix Computations", 4th ed., §8.3; Wilkinson &
 * Reinsch, "Handbook for Automatic Computation II", routines tred2/tql2). Cost ≈ 4/3·n³ for the reduction
 * plus ≈ 3·n³ when eigenvectors are accumulated (≈ n² without them), so n = 256 takes well under a second.
 *
 * Notation: A = Q·T·Qᵀ with T tridiagonal (diagonal `d`, off-diagonal `e`); T = Z·Λ·Zᵀ; so A = (QZ)·Λ·(QZ)ᵀ.
 */
import { FlopmatchError } from '@flopmatch/core';

/** Result of `symmetricEigen`: A = V·diag(values)·Vᵀ. */
export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** Eigenvectors as the columns of an n × n row-major matrix (V[i·n + j] = component i of vector j); absent when not requested. */
  vectors?: Float64Array;
}

/** Options of `symmetricEigen`. */
export interface SymmetricEigenOptions {
  /** Also compute eigenvectors. Default true; false is ≈ 3× faster (traces of square roots need only values). */
  vectors?: boolean;
  /** QL iterations allowed per eigenvalue before giving up. Default 60 (typically 1–3 are needed). */
  maxIterations?: number;
}

/**
 * Eigenvalues (ascending) and, optionally, orthonormal eigenvectors of the symmetric n × n row-major
 * matrix `a` (only symmetry up to rounding is assumed: the lower triangle is used).
 *
 * @example
 * const { values, vectors } = symmetricEigen(new Float64Array([2, 1, 1, 2]), 2); // values [1, 3]
 */
export function symmetricEigen(
  a: ArrayLike<number>,
  n: number,
  options: SymmetricEigenOptions = {},
): SymmetricEigen {
  if (a.length !== n * n) {
    throw new FlopmatchError(
      'E_SHAPE',
      `symmetricEigen: expected ${n}×${n} = ${n * n} entries, got ${a.length}`,
    );
  }
  const wantVectors = options.vectors ?? true;
  const maxIterations = options.maxIterations ?? 60;
  const q = Float64Array.from(a);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return wantVectors ? { values: d, vectors: q } : { values: d };
  tridiagonalize(q, n, d, e, wantVectors);
  implicitQl(d, e, n, wantVectors ? q : undefined, maxIterations);
  sortAscending(d, wantVectors ? q : undefined, n);
  return wantVectors ? { values: d, vectors: q } : { values: d };
}

/**
 * Householder reduction of the symmetric matrix in `q` (overwritten by the orthogonal Q when `accumulate`)
 * to tridiagonal T: diagonal into `d`, off-diagonal into `e` with e[i] = T[i+1][i] for i < n − 1.
 *
 * Step k zeroes column k below the sub-diagonal with H = I − β·u·uᵀ, u = x − α·e₁, α = −sign(x₀)‖x‖,
 * x = A[k+1..n−1][k], and applies H·A·H to the trailing block as the symmetric rank-2 update
 * A ← A − u·wᵀ − w·uᵀ (w = p − (β·uᵀp/2)·u, p = β·A·u). Only the lower triangle is kept current.
 */
function tridiagonalize(
  q: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  accumulate: boolean,
): void {
  // Householder vectors are kept in the rows of `q` (row k holds u_k in columns k+1..n−1) until Q is built.
  const beta = new Float64Array(n);
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const rowK = k * n;
    // 1. Scale to avoid overflow/underflow, then form u from x = A[k+1..][k] (the up-to-date lower
    //    triangle); u is stored in row k right of the diagonal, which is not read again.
    let scale = 0;
    for (let j = k + 1; j < n; j++) scale += Math.abs(q[j * n + k]!);
    if (scale === 0) {
      beta[k] = 0;
      e[k] = 0;
      for (let j = k + 1; j < n; j++) q[rowK + j] = 0;
      continue;
    }
    let sigma = 0;
    for (let j = k + 1; j < n; j++) {
      const v = q[j * n + k]! / scale;
      q[rowK + j] = v;
      sigma += v * v;
    }
    const x0 = q[rowK + k + 1]!;
    const alpha = x0 >= 0 ? -Math.sqrt(sigma) : Math.sqrt(sigma);
    e[k] = alpha * scale; // T[k][k+1] = −sign(x₀)‖x‖
    q[rowK + k + 1] = x0 - alpha; // u = x − α·e₁
    // H = I − β·u·uᵀ with β = 2/‖u‖²; ‖u‖² = 2(σ − x₀α).
    beta[k] = 1 / (sigma - x0 * alpha);
    // 2. p = β·A·u over the trailing block (uses the lower triangle).
    let pu = 0;
    for (let i = k + 1; i < n; i++) {
      let s = 0;
      const rowI = i * n;
      for (let j = k + 1; j <= i; j++) s += q[rowI + j]! * q[rowK + j]!;
      for (let j = i + 1; j < n; j++) s += q[j * n + i]! * q[rowK + j]!;
      p[i] = s * beta[k]!;
      pu += p[i]! * q[rowK + i]!;
    }
    // 3. w = p − (β·uᵀp/2)·u ; A ← A − u·wᵀ − w·uᵀ (lower triangle only).
    const kk = (beta[k]! * pu) / 2;
    for (let i = k + 1; i < n; i++) p[i] = p[i]! - kk * q[rowK + i]!;
    for (let i = k + 1; i < n; i++) {
      const ui = q[rowK + i]!;
      const wi = p[i]!;
      const rowI = i * n;
      for (let j = k + 1; j <= i; j++) q[rowI + j] = q[rowI + j]! - ui * p[j]! - wi * q[rowK + j]!;
    }
  }
  for (let i = 0; i < n; i++) d[i] = q[i * n + i]!;
  if (n >= 2) e[n - 2] = q[(n - 1) * n + (n - 2)]!;
  e[n - 1] = 0;
  if (!accumulate) return;
  // 4. Build Q = H₀·H₁·…·H_{n−3} backwards, in place: row k of `q` still holds u_k (columns > k).
  const us = new Float64Array(n * n);
  for (let k = 0; k < n - 2; k++) for (let j = k + 1; j < n; j++) us[k * n + j] = q[k * n + j]!;
  q.fill(0);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const col = new Float64Array(n);
  for (let k = n - 3; k >= 0; k--) {
    const b = beta[k]!;
    if (b === 0) continue;
    // Q ← H_k·Q, touching only rows/columns k+1..n−1.
    for (let j = k + 1; j < n; j++) {
      let s = 0;
      for (let i = k + 1; i < n; i++) s += us[k * n + i]! * q[i * n + j]!;
      col[j] = s * b;
    }
    for (let i = k + 1; i < n; i++) {
      const ui = us[k * n + i]!;
      if (ui === 0) continue;
      const rowI = i * n;
      for (let j = k + 1; j < n; j++) q[rowI + j] = q[rowI + j]! - ui * col[j]!;
    }
  }
}

/**
 * Implicit QL with shifts on the tridiagonal (d, e); eigenvalues end in `d`. When `z` is given (n × n,
 * row-major), each plane rotation is applied to its columns, turning Q into the eigenvector matrix.
 */
function implicitQl(
  d: Float64Array,
  e: Float64Array,
  n: number,
  z: Float64Array | undefined,
  maxIterations: number,
): void {
  for (let l = 0; l < n; l++) {
    let iterations = 0;
    for (;;) {
      // 1. Find the first negligible off-diagonal element at or below l: T splits there.
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (++iterations > maxIterations) {
        throw new FlopmatchError(
          'E_NO_CONVERGENCE',
          `symmetricEigen: QL iteration did not converge for eigenvalue ${l} after ${maxIterations} iterations`,
          'check the matrix for NaN or Inf entries',
        );
      }
      // 2. Shift from the leading 2×2 block (Wilkinson), applied implicitly.
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let underflow = false;
      // 3. Chase the bulge from m − 1 up to l with plane rotations.
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] = d[i + 1]! - p;
          e[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        if (z) {
          for (let k = 0; k < n; k++) {
            const row = k * n;
            const zi1 = z[row + i + 1]!;
            const zi = z[row + i]!;
            z[row + i + 1] = s * zi + c * zi1;
            z[row + i] = c * zi - s * zi1;
          }
        }
      }
      if (underflow) continue;
      d[l] = d[l]! - p;
      e[l] = g;
      e[m] = 0;
    }
  }
}

/** Sorts eigenvalues ascending and permutes eigenvector columns to match (selection sort: n swaps). */
function sortAscending(d: Float64Array, z: Float64Array | undefined, n: number): void {
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    for (let j = i + 1; j < n; j++) if (d[j]! < d[k]!) k = j;
    if (k === i) continue;
    const t = d[i]!;
    d[i] = d[k]!;
    d[k] = t;
    if (z) {
      for (let r = 0; r < n; r++) {
        const row = r * n;
        const v = z[row + i]!;
        z[row + i] = z[row + k]!;
        z[row + k] = v;
      }
    }
  }
}
