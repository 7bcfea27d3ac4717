/**
 * Float64 re-implementations of the layers in plain JavaScript, written as naive loops straight from the
 * definitions. Tests compare the tfjs layers (values and, through `checkGradients`, gradients) with these.
 * Arrays are row-major; shapes are passed explicitly.
 */

/** [m, k] · [k, n] → [m, n]. */
export function matmulRef(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  k: number,
  n: number,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      out[i * n + j] = s;
    }
  return out;
}

/** x [rows, in] · W [in, out] + b [out]. */
export function linearRef(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  b: ArrayLike<number> | undefined,
  rows: number,
  inF: number,
  outF: number,
): Float64Array {
  const y = matmulRef(x, w, rows, inF, outF);
  if (b) for (let i = 0; i < rows; i++) for (let j = 0; j < outF; j++) y[i * outF + j]! += b[j]!;
  return y;
}

/** LayerNorm over the last axis of [rows, dim] (biased variance, as PyTorch). */
export function layerNormRef(
  x: ArrayLike<number>,
  g: ArrayLike<number> | undefined,
  b: ArrayLike<number> | undefined,
  rows: number,
  dim: number,
  eps: number,
): Float64Array {
  const y = new Float64Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    let mean = 0;
    for (let i = 0; i < dim; i++) mean += x[r * dim + i]!;
    mean /= dim;
    let v = 0;
    for (let i = 0; i < dim; i++) v += (x[r * dim + i]! - mean) ** 2;
    v /= dim;
    for (let i = 0; i < dim; i++) {
      const h = (x[r * dim + i]! - mean) / Math.sqrt(v + eps);
      y[r * dim + i] = h * (g ? g[i]! : 1) + (b ? b[i]! : 0);
    }
  }
  return y;
}

/** RMSNorm over the last axis of [rows, dim]. */
export function rmsNormRef(
  x: ArrayLike<number>,
  g: ArrayLike<number> | undefined,
  rows: number,
  dim: number,
  eps: number,
): Float64Array {
  const y = new Float64Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    let ms = 0;
    for (let i = 0; i < dim; i++) ms += x[r * dim + i]! ** 2;
    const s = 1 / Math.sqrt(ms / dim + eps);
    for (let i = 0; i < dim; i++) y[r * dim + i] = x[r * dim + i]! * s * (g ? g[i]! : 1);
  }
  return y;
}

/** GroupNorm of NHWC [n, hw, c] with `groups` groups of c/groups channels. */
export function groupNormRef(
  x: ArrayLike<number>,
  g: ArrayLike<number> | undefined,
  b: ArrayLike<number> | undefined,
  n: number,
  hw: number,
  c: number,
  groups: number,
  eps: number,
): Float64Array {
  const y = new Float64Array(n * hw * c);
  const cg = c / groups;
  for (let s = 0; s < n; s++)
    for (let gr = 0; gr < groups; gr++) {
      let mean = 0;
      for (let p = 0; p < hw; p++) for (let k = 0; k < cg; k++) mean += x[(s * hw + p) * c + gr * cg + k]!;
      mean /= hw * cg;
      let v = 0;
      for (let p = 0; p < hw; p++)
        for (let k = 0; k < cg; k++) v += (x[(s * hw + p) * c + gr * cg + k]! - mean) ** 2;
      v /= hw * cg;
      for (let p = 0; p < hw; p++)
        for (let k = 0; k < cg; k++) {
          const ch = gr * cg + k;
          const i = (s * hw + p) * c + ch;
          y[i] = ((x[i]! - mean) / Math.sqrt(v + eps)) * (g ? g[ch]! : 1) + (b ? b[ch]! : 0);
        }
    }
  return y;
}

/** GELU, tanh approximation (GPT-2). */
export function geluRef(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(
    x,
    (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))),
  );
}

/** SiLU x·σ(x). */
export function siluRef(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x, (v) => v / (1 + Math.exp(-v)));
}

/**
 * Attention softmax(q·kᵀ/√d + mask)·v for q [bh, tq, d], k, v [bh, tk, d]; `allowed(b, i, j)` says
 * whether query i of batch-head b may see key j.
 */
export function attentionRef(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  bh: number,
  tq: number,
  tk: number,
  d: number,
  allowed: (b: number, i: number, j: number) => boolean,
): Float64Array {
  const out = new Float64Array(bh * tq * d);
  const scale = 1 / Math.sqrt(d);
  for (let b = 0; b < bh; b++)
    for (let i = 0; i < tq; i++) {
      const s = new Float64Array(tk);
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < tk; j++) {
        if (!allowed(b, i, j)) {
          s[j] = Number.NEGATIVE_INFINITY;
          continue;
        }
        let dotv = 0;
        for (let p = 0; p < d; p++) dotv += q[(b * tq + i) * d + p]! * k[(b * tk + j) * d + p]!;
        s[j] = dotv * scale;
        max = Math.max(max, s[j]!);
      }
      let z = 0;
      for (let j = 0; j < tk; j++) {
        s[j] = Number.isFinite(s[j]!) ? Math.exp(s[j]! - max) : 0;
        z += s[j]!;
      }
      for (let j = 0; j < tk; j++)
        for (let p = 0; p < d; p++) out[(b * tq + i) * d + p]! += (s[j]! / z) * v[(b * tk + j) * d + p]!;
    }
  return out;
}

/** Naive NHWC convolution with zero padding [top, bottom, left, right]; weight [kh, kw, c, o]. */
export function conv2dRef(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  b: ArrayLike<number> | undefined,
  shape: {
    n: number;
    h: number;
    w: number;
    c: number;
    o: number;
    k: number;
    stride: number;
    pad: [number, number, number, number];
  },
): Float64Array {
  const { n, h, c, o, k, stride, pad } = shape;
  const wd = shape.w;
  const ho = Math.floor((h + pad[0] + pad[1] - k) / stride) + 1;
  const wo = Math.floor((wd + pad[2] + pad[3] - k) / stride) + 1;
  const y = new Float64Array(n * ho * wo * o);
  for (let s = 0; s < n; s++)
    for (let i = 0; i < ho; i++)
      for (let j = 0; j < wo; j++)
        for (let oc = 0; oc < o; oc++) {
          let acc = b ? b[oc]! : 0;
          for (let di = 0; di < k; di++)
            for (let dj = 0; dj < k; dj++) {
              const yy = i * stride + di - pad[0];
              const xx = j * stride + dj - pad[2];
              if (yy < 0 || yy >= h || xx < 0 || xx >= wd) continue;
              for (let ic = 0; ic < c; ic++)
                acc += x[((s * h + yy) * wd + xx) * c + ic]! * w[((di * k + dj) * c + ic) * o + oc]!;
            }
          y[((s * ho + i) * wo + j) * o + oc] = acc;
        }
  return y;
}

/** Rows of `table` [vocab, dim] picked by `ids`. */
export function embeddingRef(table: ArrayLike<number>, ids: ArrayLike<number>, dim: number): Float64Array {
  const y = new Float64Array(ids.length * dim);
  for (let t = 0; t < ids.length; t++)
    for (let i = 0; i < dim; i++) y[t * dim + i] = table[ids[t]! * dim + i]!;
  return y;
}
