/**
 * A float64, loop-by-loop re-implementation of the backbone's forward pass in plain JavaScript, written from
 * the papers' equations independently of `transformer.ts`, for tests: values and (through `checkGradients`)
 * gradients of the tfjs model are compared with it. Not exported from the package.
 */
import type { AttentionMaskKind } from '@flopmatch/core';
import type { TransformerConfig } from '../transformer.js';

/** Weights by dotted name, float64, row-major. */
export type RefWeights = Map<string, Float64Array>;

/** One reference forward pass. */
export interface RefInput {
  B: number;
  P: number;
  T: number;
  /** [B, P, C] */
  prefix: Float64Array;
  /** [B, T, C] */
  tokens: Float64Array;
  /** [B, C] (adaLN modes). */
  modulation?: Float64Array;
  mask: AttentionMaskKind;
}

type Vec = Float64Array<ArrayBufferLike>;

function get(w: RefWeights, name: string): Vec {
  const v = w.get(name);
  if (!v) throw new Error(`reference: missing weight ${name}`);
  return v;
}

/** y = x·W + b for one row x [n] with W [n, m]. */
function affine(x: Vec, W: Vec, b: Vec | undefined, m: number): Vec {
  const n = x.length;
  const y = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let s = b ? b[j]! : 0;
    for (let i = 0; i < n; i++) s += x[i]! * W[i * m + j]!;
    y[j] = s;
  }
  return y;
}

function normRow(x: Vec, kind: 'layer' | 'rms', gamma?: Vec, beta?: Vec): Vec {
  const n = x.length;
  const y = new Float64Array(n);
  if (kind === 'layer') {
    let mean = 0;
    for (const v of x) mean += v;
    mean /= n;
    let variance = 0;
    for (const v of x) variance += (v - mean) ** 2;
    variance /= n;
    for (let i = 0; i < n; i++) y[i] = (x[i]! - mean) / Math.sqrt(variance + 1e-5);
  } else {
    let ms = 0;
    for (const v of x) ms += v * v;
    ms /= n;
    for (let i = 0; i < n; i++) y[i] = x[i]! / Math.sqrt(ms + 1e-6);
  }
  if (gamma) for (let i = 0; i < n; i++) y[i] = y[i]! * gamma[i]!;
  if (beta) for (let i = 0; i < n; i++) y[i] = y[i]! + beta[i]!;
  return y;
}

const geluTanh = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
const silu = (x: number) => x / (1 + Math.exp(-x));

/** Angle of rotary channel pair k (of D/4 per axis) at grid position (r, c), per RoFormer eq. (34). */
function ropeRotate(v: Vec, r: number, c: number): Vec {
  const D = v.length;
  const q = D / 4;
  const out = Float64Array.from(v);
  for (let k = 0; k < q; k++) {
    const theta = 1 / 10000 ** ((2 * k) / (D / 2));
    for (const [lo, pos] of [
      [0, r],
      [2 * q, c],
    ] as const) {
      const a = v[lo + k]!;
      const b = v[lo + q + k]!;
      const ang = pos * theta;
      out[lo + k] = a * Math.cos(ang) - b * Math.sin(ang);
      out[lo + q + k] = a * Math.sin(ang) + b * Math.cos(ang);
    }
  }
  return out;
}

/** 2-D sin-cos position of token j (first half row, second half column; sin block then cos block). */
function sincosRow(j: number, gw: number, C: number): Vec {
  const out = new Float64Array(C);
  const E = C / 2;
  const coords = [Math.floor(j / gw), j % gw];
  coords.forEach((pos, axis) => {
    for (let i = 0; i < E / 2; i++) {
      const freq = 1 / 10000 ** ((2 * i) / E);
      out[axis * E + i] = Math.sin(pos * freq);
      out[axis * E + E / 2 + i] = Math.cos(pos * freq);
    }
  });
  return out;
}

/** The backbone's hidden states for the token positions, [B, T, C] row-major, in float64. */
export function referenceForward(config: TransformerConfig, w: RefWeights, input: RefInput): Float64Array {
  const { width: C, heads: H, layers: L, norm, conditioning, grid } = config;
  const D = C / H;
  const F = Math.round(config.mlpRatio * C);
  const { B, P, T } = input;
  const S = P + T;
  const out = new Float64Array(B * T * C);
  const adaln = conditioning !== 'none';
  for (let b = 0; b < B; b++) {
    // Sequence [prefix ; tokens + positions].
    const x: Vec[] = [];
    for (let p = 0; p < P; p++) x.push(input.prefix.slice((b * P + p) * C, (b * P + p + 1) * C));
    for (let j = 0; j < T; j++) {
      const row = input.tokens.slice((b * T + j) * C, (b * T + j + 1) * C);
      if (config.positions === 'learned') {
        const pos = get(w, 'positions');
        for (let i = 0; i < C; i++) row[i] = row[i]! + pos[j * C + i]!;
      } else if (config.positions === 'sincos-2d') {
        const pos = sincosRow(j, grid.width, C);
        for (let i = 0; i < C; i++) row[i] = row[i]! + pos[i]!;
      }
      x.push(row);
    }
    // adaLN vectors.
    let c: Vec | undefined;
    let act: Vec | undefined;
    if (adaln) {
      c = input.modulation!.slice(b * C, (b + 1) * C);
      act = c.map(silu);
    }
    const shared =
      conditioning === 'adaln-single'
        ? affine(act!, get(w, 'adaln.weight'), get(w, 'adaln.bias'), 6 * C)
        : undefined;
    const visible = (i: number, j: number) => {
      if (input.mask === 'bidirectional') return true;
      if (j <= i) return true;
      return config.prefixMask === 'bidirectional' && i < P && j < P;
    };
    for (let l = 0; l < L; l++) {
      const pre = `blocks.${l}.`;
      let mod: Vec | undefined;
      if (conditioning === 'adaln-zero')
        mod = affine(act!, get(w, `${pre}modulation.weight`), get(w, `${pre}modulation.bias`), 6 * C);
      if (conditioning === 'adaln-single') {
        const table = get(w, `${pre}scale_shift_table`);
        mod = shared!.map((v, i) => v + table[i]!);
      }
      const part = (k: number, i: number) => mod![k * C + i]!;
      const normed = (row: Vec, n: string, shiftK: number) => {
        let h = normRow(
          row,
          norm,
          adaln ? undefined : get(w, `${pre}${n}.weight`),
          adaln || norm === 'rms' ? undefined : get(w, `${pre}${n}.bias`),
        );
        if (mod) h = h.map((v, i) => v * (1 + part(shiftK + 1, i)) + part(shiftK, i));
        return h;
      };
      // Attention.
      const qkv = x.map((row) =>
        affine(
          normed(row, 'norm1', 0),
          get(w, `${pre}attn.qkv.weight`),
          config.bias ? get(w, `${pre}attn.qkv.bias`) : undefined,
          3 * C,
        ),
      );
      const heads: Vec[] = x.map(() => new Float64Array(C));
      for (let h = 0; h < H; h++) {
        const proj = (s: number, which: number) => {
          let v: Vec = qkv[s]!.slice(which * C + h * D, which * C + (h + 1) * D);
          if (config.rope === '2d' && which < 2 && s >= P) {
            const j = s - P;
            v = ropeRotate(v, Math.floor(j / grid.width), j % grid.width);
          }
          return v;
        };
        for (let i = 0; i < S; i++) {
          const q = proj(i, 0);
          const scores: number[] = [];
          let max = -Infinity;
          for (let j = 0; j < S; j++) {
            if (!visible(i, j)) {
              scores.push(-Infinity);
              continue;
            }
            const k = proj(j, 1);
            let s = 0;
            for (let d = 0; d < D; d++) s += q[d]! * k[d]!;
            s /= Math.sqrt(D);
            scores.push(s);
            max = Math.max(max, s);
          }
          const e = scores.map((s) => (s === -Infinity ? 0 : Math.exp(s - max)));
          const z = e.reduce((a, v) => a + v, 0);
          for (let j = 0; j < S; j++) {
            if (e[j] === 0) continue;
            const v = proj(j, 2);
            for (let d = 0; d < D; d++) heads[i]![h * D + d] = heads[i]![h * D + d]! + (e[j]! / z) * v[d]!;
          }
        }
      }
      for (let s = 0; s < S; s++) {
        const a = affine(
          heads[s]!,
          get(w, `${pre}attn.proj.weight`),
          config.bias ? get(w, `${pre}attn.proj.bias`) : undefined,
          C,
        );
        for (let i = 0; i < C; i++) x[s]![i] = x[s]![i]! + (mod ? part(2, i) : 1) * a[i]!;
      }
      // MLP.
      for (let s = 0; s < S; s++) {
        const h1 = affine(
          normed(x[s]!, 'norm2', 3),
          get(w, `${pre}mlp.fc.weight`),
          config.bias ? get(w, `${pre}mlp.fc.bias`) : undefined,
          F,
        ).map(geluTanh);
        const m = affine(
          h1,
          get(w, `${pre}mlp.proj.weight`),
          config.bias ? get(w, `${pre}mlp.proj.bias`) : undefined,
          C,
        );
        for (let i = 0; i < C; i++) x[s]![i] = x[s]![i]! + (mod ? part(5, i) : 1) * m[i]!;
      }
    }
    // Final norm (+ modulation) on the token positions.
    let fin: Vec | undefined;
    if (conditioning === 'adaln-zero')
      fin = affine(act!, get(w, 'final_modulation.weight'), get(w, 'final_modulation.bias'), 2 * C);
    if (conditioning === 'adaln-single') {
      const table = get(w, 'final_scale_shift_table');
      fin = table.map((v, i) => v + c![i % C]!);
    }
    for (let j = 0; j < T; j++) {
      let h = normRow(
        x[P + j]!,
        norm,
        adaln ? undefined : get(w, 'final_norm.weight'),
        adaln || norm === 'rms' ? undefined : get(w, 'final_norm.bias'),
      );
      if (fin) h = h.map((v, i) => v * (1 + fin![C + i]!) + fin![i]!);
      out.set(h, (b * T + j) * C);
    }
  }
  return out;
}
