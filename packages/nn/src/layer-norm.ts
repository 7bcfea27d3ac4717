/**
 * Layer normalisation — J. L. Ba, J. R. Kiros, G. E. Hinton, "Layer Normalization", arXiv:1607.06450, §3.
 *
 * Notation: x̂ = (x − μ)/√(σ² + ε) over the last axis (biased variance, as PyTorch), y = γ ⊙ x̂ + β.
 * The normalisation has a hand-written gradient (7 kernels instead of ~20 from autodiff):
 * dx = r · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ ⊙ x̂)), r = 1/√(σ² + ε). With both γ and β the affine part is
 * fused into the same gradient, dγ = Σ_rows dy ⊙ x̂ and dβ = Σ_rows dy, summed by nn's column-sum kernel
 * (tfjs would reduce a broadcast Mul/Add gradient by transposing first).
 */
import { parseConfig } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { columnSum, layerNormKernel, nnKernelsActive } from './kernels/ops.js';
import { Module } from './module.js';
import { cached, perFeature } from './norm-helpers.js';
import { recordingGradients } from './tape.js';

/** x̂ and r = 1/√(σ² + ε) over the last axis (eq. (3)). */
function standardize(x: tf.Tensor, eps: number): { xhat: tf.Tensor; r: tf.Tensor } {
  const centered = tf.sub(x, tf.mean(x, -1, true)); // x − μ
  const r = tf.rsqrt(tf.add(tf.mean(tf.square(centered), -1, true), eps)); // 1/√(σ² + ε)
  return { xhat: tf.mul(centered, r), r };
}

/** ∂x from ∂x̂: r · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ ⊙ x̂)). */
function standardizeGrad(dxhat: tf.Tensor, xhat: tf.Tensor, r: tf.Tensor): tf.Tensor {
  const meanDxhat = tf.mean(dxhat, -1, true);
  const meanDxhatXhat = tf.mean(tf.mul(dxhat, xhat), -1, true);
  return tf.mul(r, tf.sub(tf.sub(dxhat, meanDxhat), tf.mul(xhat, meanDxhatXhat)));
}

function normalizer(eps: number) {
  return tf.customGrad((xArg, save) => {
    const { xhat, r } = standardize(xArg as tf.Tensor, eps); // eq. (3): μ, σ²
    (save as tf.GradSaveFunc)([xhat, r]);
    return {
      value: xhat,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sh, sr] = saved as [tf.Tensor, tf.Tensor];
        return [standardizeGrad(dy, sh, sr)];
      },
    };
  });
}

/** γ ⊙ x̂ + β with one hand-written gradient for x, γ and β. */
function affineNormalizer(eps: number) {
  return tf.customGrad((xArg, gArg, bArg, save) => {
    const [x, g, b] = [xArg as tf.Tensor, gArg as tf.Tensor, bArg as tf.Tensor];
    const { xhat, r } = standardize(x, eps);
    (save as tf.GradSaveFunc)([xhat, r, g]);
    return {
      value: tf.add(tf.mul(xhat, g), b), // y = γ ⊙ x̂ + β
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sh, sr, sg] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        return [standardizeGrad(tf.mul(dy, sg), sh, sr), columnSum(tf.mul(dy, sh)), columnSum(dy)];
      },
    };
  });
}

const normalizers = new Map<number, ReturnType<typeof normalizer>>();
const affineNormalizers = new Map<number, ReturnType<typeof affineNormalizer>>();

/**
 * LayerNorm over the last axis: γ ⊙ (x − μ)/√(σ² + ε) + β. `gamma`/`beta` [dim] are optional.
 *
 * @example
 * layerNorm(tf.tensor1d([1, 2, 3]), undefined, undefined, 0); // [−1.2247, 0, 1.2247]
 */
export function layerNorm(x: tf.Tensor, gamma?: tf.Tensor, beta?: tf.Tensor, eps = 1e-5): tf.Tensor {
  if (!recordingGradients()) {
    const ok = (p?: tf.Tensor) => !p || perFeature(x, p);
    if (
      x.rank >= 1 &&
      ok(gamma) &&
      ok(beta) &&
      nnKernelsActive(x, ...[gamma, beta].filter((p) => p !== undefined))
    ) {
      return layerNormKernel(x, gamma, beta, eps); // one launch instead of nine (kernels/layer-norm-rows.ts)
    }
    return tf.tidy(() => {
      let y = standardize(x, eps).xhat;
      if (gamma) y = tf.mul(y, gamma);
      return beta ? tf.add(y, beta) : y;
    });
  }
  if (gamma && beta && perFeature(x, gamma) && perFeature(x, beta)) {
    return cached(affineNormalizers, eps, affineNormalizer)(x, gamma, beta);
  }
  const f = cached(normalizers, eps, normalizer);
  return tf.tidy(() => {
    let y = f(x);
    if (gamma) y = tf.mul(y, gamma);
    if (beta) y = tf.add(y, beta);
    return y;
  });
}

/** Options of `LayerNorm`. */
export interface LayerNormOptions {
  /** ε added to the variance. Default 1e-5 (PyTorch, GPT-2). */
  eps?: number;
  /** Learn a gain γ (init 1) and bias β (init 0), both excluded from weight decay. Default true. */
  affine?: boolean;
}

const LayerNormConfigSchema = z.strictObject({
  type: z.literal('nn:layer-norm'),
  version: z.literal(1),
  dim: z.number().int().positive(),
  eps: z.number().nonnegative(),
  affine: z.boolean(),
});

/** The serialisable config of a `LayerNorm`. */
export type LayerNormConfig = z.output<typeof LayerNormConfigSchema>;

/**
 * LayerNorm over the last axis of [..., dim].
 *
 * @example
 * const ln = new LayerNorm(256);
 * const y = ln.forward(x); // [B, T, 256], each row zero-mean unit-variance, then γ, β
 */
export class LayerNorm extends Module {
  readonly config: LayerNormConfig;
  readonly weight: tf.Variable | undefined;
  readonly bias: tf.Variable | undefined;

  constructor(dim: number, options: LayerNormOptions = {}) {
    super();
    this.config = parseConfig(
      LayerNormConfigSchema,
      { type: 'nn:layer-norm', version: 1, dim, eps: options.eps ?? 1e-5, affine: options.affine ?? true },
      'LayerNorm options',
    );
    this.weight = this.config.affine ? this.param('weight', tf.ones([dim]), { decay: false }) : undefined;
    this.bias = this.config.affine ? this.param('bias', tf.zeros([dim]), { decay: false }) : undefined;
  }

  /** [..., dim] → [..., dim]. */
  forward(x: tf.Tensor): tf.Tensor {
    return layerNorm(x, this.weight, this.bias, this.config.eps);
  }
}
