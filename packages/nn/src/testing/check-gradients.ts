/**
 * Gradient checking: compares TensorFlow.js's reverse-mode gradients with central finite differences.
 *
 * The function under test may return a tensor of any shape; it is reduced to the scalar
 * L(x) = Σ w ⊙ f(x) with a fixed pseudo-random cotangent w ∈ [−1, 1] (so that, unlike Σ f, every output
 * direction is exercised — the gradient of Σ LayerNorm(x) is identically zero). Two reference modes:
 *
 * - **float64 reference** (`reference` given): the caller re-implements f in plain JavaScript; the finite
 *   differences of L are taken on that float64 function with a small `eps` (default 1e-6), so the reference
 *   gradient is accurate to ~1e-9 and the check measures only the float32 error of the tfjs gradient. The
 *   tfjs forward value is also compared with the reference. This is the mode every test in flopmatch uses.
 * - **float32 self-check** (no `reference`): the finite differences are taken on `fn` itself in float32,
 *   dividing by the perturbation actually representable in float32, with a larger `eps` (default 1e-2) and
 *   a looser tolerance (default 5e-2). Use it for functions without a JS re-implementation.
 *
 * An entry passes when |analytic − numeric| ≤ tol · (|numeric| + 0.01 · s), with s the largest |numeric|
 * entry of that input: relative per entry, with a floor at 1% of the input's gradient scale so entries near
 * zero are judged against the gradient's size, not against zero.
 */
import { FlopmatchError } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';

/** Options of `checkGradients`. */
export interface CheckGradientsOptions {
  /** Finite-difference step. Default 1e-6 with a float64 `reference`, 1e-2 without. */
  eps?: number;
  /** Tolerance of the mixed relative error (see the module comment). Default 1e-3 with `reference`, 5e-2 without. */
  tol?: number;
  /**
   * The same function in plain JavaScript over float64 arrays (row-major, same shapes and order as
   * `inputs`), returning the output row-major. Enables the float64 mode. Default: none (float32 mode).
   */
  reference?: (...inputs: Float64Array[]) => ArrayLike<number>;
  /** Check at most this many entries per input, spread evenly over it. Default: all. */
  maxEntries?: number;
  /** Seed of the cotangent w. Default 1. */
  seed?: number;
}

/** One entry of one input where analytic and numeric gradients were compared. */
export interface GradientEntry {
  input: number;
  index: number;
  analytic: number;
  numeric: number;
  error: number;
}

/** What `checkGradients` measured. */
export interface GradientCheckReport {
  /** Largest mixed relative error over every checked entry. */
  maxError: number;
  /** The entry with that error. */
  worst: GradientEntry | undefined;
  /** Entries checked. */
  checked: number;
  /** Largest |f_tfjs − f_reference| / (1 + |f_reference|) (float64 mode only; 0 otherwise). */
  valueError: number;
}

/** Gradients disagree with finite differences (or the value disagrees with the reference). */
export class GradientCheckError extends FlopmatchError {
  readonly report: GradientCheckReport;
  constructor(message: string, report: GradientCheckReport) {
    super(
      'E_GRADIENT_CHECK',
      message,
      'fix the gradient (or the reference), or loosen `tol` if the error is float32 noise',
    );
    this.report = report;
  }
}

function cotangent(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = (s / 4294967296) * 2 - 1;
  }
  return out;
}

function dot(w: Float64Array, y: ArrayLike<number>): number {
  if (y.length !== w.length) {
    throw new FlopmatchError(
      'E_GRADIENT_CHECK',
      `reference returned ${y.length} values, fn returned ${w.length}`,
    );
  }
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i]! * y[i]!;
  return s;
}

function indicesToCheck(size: number, max: number | undefined): number[] {
  if (max === undefined || size <= max) return Array.from({ length: size }, (_, i) => i);
  const out: number[] = [];
  for (let k = 0; k < max; k++) out.push(Math.floor((k * size) / max));
  return out;
}

/**
 * Checks the gradient of `fn` with respect to every tensor in `inputs` against central finite differences
 * and throws `GradientCheckError` naming the worst entry when one is out of tolerance. Runs on the active
 * backend. Returns the report when everything passes.
 *
 * @example
 * checkGradients((x) => tf.square(x), [tf.tensor1d([1, 2])], {
 *   reference: (x) => x.map((v) => v * v),
 * });
 */
export function checkGradients(
  fn: (...inputs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
  options: CheckGradientsOptions = {},
): GradientCheckReport {
  const { reference } = options;
  const eps = options.eps ?? (reference ? 1e-6 : 1e-2);
  const tol = options.tol ?? (reference ? 1e-3 : 5e-2);
  const y = tf.tidy(() => fn(...inputs));
  const yValues = y.dataSync();
  const w = cotangent(y.size, options.seed ?? 1);
  const wTensor = tf.tensor(Float32Array.from(w), y.shape);
  const yShape = y.shape;
  y.dispose();

  // Analytic: d/dx Σ w ⊙ f(x), on the active backend.
  const grads = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(fn(...xs), wTensor)))(inputs);
  const analytic = grads.map((g) => Float64Array.from(g.dataSync()));
  tf.dispose(grads);

  const x64 = inputs.map((x) => Float64Array.from(x.dataSync()));
  let valueError = 0;
  if (reference) {
    const r = reference(...x64.map((a) => a.slice()));
    if (r.length !== yValues.length) {
      wTensor.dispose();
      throw new FlopmatchError(
        'E_GRADIENT_CHECK',
        `reference returned ${r.length} values, fn returned ${yValues.length} [${yShape}]`,
      );
    }
    for (let i = 0; i < r.length; i++)
      valueError = Math.max(valueError, Math.abs(yValues[i]! - r[i]!) / (1 + Math.abs(r[i]!)));
  }

  const loss = (which: number, values: Float64Array): number => {
    if (reference) return dot(w, reference(...x64.map((a, i) => (i === which ? values : a.slice()))));
    const out = tf.tidy(() =>
      fn(...inputs.map((x, i) => (i === which ? tf.tensor(Float32Array.from(values), x.shape) : x))),
    );
    const v = dot(w, out.dataSync());
    out.dispose();
    return v;
  };

  let maxError = 0;
  let worst: GradientEntry | undefined;
  let checked = 0;
  for (let i = 0; i < inputs.length; i++) {
    const base = x64[i]!;
    const numeric = new Map<number, number>();
    for (const j of indicesToCheck(base.length, options.maxEntries)) {
      const plus = base.slice();
      const minus = base.slice();
      plus[j] = base[j]! + eps;
      minus[j] = base[j]! - eps;
      if (!reference) {
        // Divide by the step float32 can represent, not the one asked for.
        plus[j] = Math.fround(plus[j]!);
        minus[j] = Math.fround(minus[j]!);
      }
      numeric.set(j, (loss(i, plus) - loss(i, minus)) / (plus[j]! - minus[j]!)); // central difference
    }
    let scale = 0;
    for (const v of numeric.values()) scale = Math.max(scale, Math.abs(v));
    for (const [j, n] of numeric) {
      const a = analytic[i]![j]!;
      const error = Math.abs(a - n) / (Math.abs(n) + 0.01 * scale + 1e-30);
      checked++;
      if (error > maxError || Number.isNaN(error)) {
        maxError = Number.isNaN(error) ? Number.POSITIVE_INFINITY : error;
        worst = { input: i, index: j, analytic: a, numeric: n, error };
      }
    }
  }
  wTensor.dispose();
  const report: GradientCheckReport = { maxError, worst, checked, valueError };
  if (reference && valueError > tol) {
    throw new GradientCheckError(
      `forward value differs from the reference by ${valueError.toExponential(2)} (tol ${tol})`,
      report,
    );
  }
  if (maxError > tol) {
    const wv = worst!;
    throw new GradientCheckError(
      `gradient of input ${wv.input} entry ${wv.index}: analytic ${wv.analytic.toPrecision(6)} vs numeric ${wv.numeric.toPrecision(6)} (error ${wv.error.toExponential(2)} > tol ${tol}; ${checked} entries checked on ${tf.getBackend()})`,
      report,
    );
  }
  return report;
}
