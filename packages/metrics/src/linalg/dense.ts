/**
 * Small dense float64 helpers on row-major matrices (Float64Array, n·m entries). Plain loops: these run on
 * feature statistics (D ≤ a few hundred), where clarity beats a tensor runtime round trip.
 */

/** C = A·B for A [n, k] and B [k, m], all row-major. */
export function matMul(a: Float64Array, b: Float64Array, n: number, k: number, m: number): Float64Array {
  const c = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const rowC = i * m;
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      if (aip === 0) continue;
      const rowB = p * m;
      for (let j = 0; j < m; j++) c[rowC + j] = c[rowC + j]! + aip * b[rowB + j]!;
    }
  }
  return c;
}

/** Trace of an n × n row-major matrix. */
export function trace(a: Float64Array, n: number): number {
  let t = 0;
  for (let i = 0; i < n; i++) t += a[i * n + i]!;
  return t;
}

/** Column means of X [n, d] (row-major, float32 or float64), in float64. */
export function columnMeans(x: ArrayLike<number>, n: number, d: number): Float64Array {
  const mu = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let j = 0; j < d; j++) mu[j] = mu[j]! + x[row + j]!;
  }
  for (let j = 0; j < d; j++) mu[j] = mu[j]! / n;
  return mu;
}

/**
 * Sample covariance of the rows of X [n, d] with the unbiased 1/(n − 1) normalisation (what `np.cov(X,
 * rowvar=False)` returns), accumulated in float64 from the mean-centred rows. Needs n ≥ 2.
 */
export function covariance(
  x: ArrayLike<number>,
  n: number,
  d: number,
  mu = columnMeans(x, n, d),
): Float64Array {
  const cov = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let j = 0; j < d; j++) centred[j] = x[row + j]! - mu[j]!;
    // Lower triangle only; mirrored below.
    for (let a = 0; a < d; a++) {
      const ca = centred[a]!;
      if (ca === 0) continue;
      const rowCov = a * d;
      for (let b = 0; b <= a; b++) cov[rowCov + b] = cov[rowCov + b]! + ca * centred[b]!;
    }
  }
  const scale = 1 / (n - 1);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      const v = cov[a * d + b]! * scale;
      cov[a * d + b] = v;
      cov[b * d + a] = v;
    }
  }
  return cov;
}
