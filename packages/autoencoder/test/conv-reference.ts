/** A float64 2-D convolution in plain loops (NHWC, weight [k, k, C, O]), straight from the definition. */

/** y[n, y, x, o] = b[o] + Σ_{i,j,c} x_p[n, s·y + i, s·x + j, c]·w[i, j, c, o], x_p zero-padded [t, b, l, r]. */
export function conv2dRef(
  x: ArrayLike<number>,
  [N, H, W, C]: [number, number, number, number],
  w: ArrayLike<number>,
  [k, O]: [number, number],
  stride: number,
  [pt, pb, pl, pr]: [number, number, number, number],
  bias?: ArrayLike<number>,
): { data: Float64Array; shape: [number, number, number, number] } {
  const Hp = H + pt + pb;
  const Wp = W + pl + pr;
  const Ho = Math.floor((Hp - k) / stride) + 1;
  const Wo = Math.floor((Wp - k) / stride) + 1;
  const out = new Float64Array(N * Ho * Wo * O);
  for (let n = 0; n < N; n++)
    for (let yo = 0; yo < Ho; yo++)
      for (let xo = 0; xo < Wo; xo++)
        for (let o = 0; o < O; o++) {
          let s = bias ? bias[o]! : 0;
          for (let i = 0; i < k; i++)
            for (let j = 0; j < k; j++) {
              const yi = yo * stride + i - pt;
              const xi = xo * stride + j - pl;
              if (yi < 0 || yi >= H || xi < 0 || xi >= W) continue;
              for (let c = 0; c < C; c++)
                s += x[((n * H + yi) * W + xi) * C + c]! * w[((i * k + j) * C + c) * O + o]!;
            }
          out[((n * Ho + yo) * Wo + xo) * O + o] = s;
        }
  return { data: out, shape: [N, Ho, Wo, O] };
}
