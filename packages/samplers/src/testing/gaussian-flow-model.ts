/**
 * A `FlowModel` test double with a closed-form velocity: the rectified flow between a Gaussian data
 * distribution N(μ_c, σ²) (per element, μ_c chosen by the prompt's class) and noise N(0, 1).
 *
 * Paper: Liu et al., "Flow Straight and Fast: Learning to Generate and Transfer Data with Rectified Flow",
 * arXiv:2209.03003, §2 (the marginal velocity E[ε − x_0 | x_t]); SD3's convention x_t = (1 − t)·x_0 + t·ε.
 *
 * x_t is Gaussian with mean m_t = (1 − t)·μ and standard deviation s_t = √((1 − t)²σ² + t²), and the
 * flow maps quantiles to quantiles: x(t) = m_t + s_t·ε along the path that starts at x(1) = ε. So
 *   v(x, t) = −μ + (t − (1 − t)σ²) / s_t² · (x − (1 − t)·μ)
 * and the exact endpoint is x(0) = μ + σ·ε. Because v is affine in μ, classifier-free guidance with scale s
 * gives the flow of μ_guided = μ_null + s·(μ_c − μ_null): the exact guided endpoint is known too.
 */
import type { Conditioning, FlopCount, FlowModel, LatentShape } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { classConditioning, lazy, nullConditioning } from './class-conditioning.js';

/** Options of `createGaussianFlowModel`. */
export interface GaussianFlowModelOptions {
  /** Latent grid; default 2×2×1. */
  latentShape?: LatentShape;
  /** Prompt → data mean μ_c. Default `{ 'a red circle': 1.5, 'a blue square': -1 }`. */
  means?: Record<string, number>;
  /** Data mean of the null prompt. Default 0. */
  nullMean?: number;
  /** Data standard deviation σ (> 0). Default 0.5. */
  sigma?: number;
  /** Ledger price of one `velocity` row. Default `{ model: 1000, executed: 1200 }`. */
  flopsPerRow?: FlopCount;
}

/** The double, with what a test needs to compare against. */
export interface GaussianFlowModel extends FlowModel {
  readonly sigma: number;
  /** Data mean of a prompt (`nullMean` for the null prompt). */
  mean(prompt: string | null): number;
  /** Number of `velocity` calls and rows seen so far. */
  readonly calls: { count: number; rows: number };
  /** Frees the double's constant tensors. */
  dispose(): void;
}

/**
 * Builds the Gaussian rectified-flow double.
 *
 * @example
 * const model = createGaussianFlowModel({ sigma: 0.5 });
 * // exact endpoint of the ODE started at ε: model.mean('a red circle') + 0.5·ε
 */
export function createGaussianFlowModel(options: GaussianFlowModelOptions = {}): GaussianFlowModel {
  const latentShape = options.latentShape ?? { height: 2, width: 2, channels: 1 };
  const means = options.means ?? { 'a red circle': 1.5, 'a blue square': -1 };
  const nullMean = options.nullMean ?? 0;
  const sigma = options.sigma ?? 0.5;
  const perRow = options.flopsPerRow ?? { model: 1000, executed: 1200 };
  const classes = Object.keys(means);
  const meanTable = lazy(() => tf.keep(tf.tensor1d([nullMean, ...classes.map((c) => means[c]!)], 'float32')));
  const calls = { count: 0, rows: 0 };
  return {
    specVersion: 'v1',
    kind: 'flow',
    latentShape,
    sigma,
    calls,
    mean: (prompt) => (prompt === null ? nullMean : means[prompt]!),
    condition: (prompts) => classConditioning(prompts, classes),
    nullCondition: (n) => nullConditioning(n),
    velocity(xt: tf.Tensor4D, t: tf.Tensor1D, cond: Conditioning): tf.Tensor4D {
      calls.count++;
      calls.rows += xt.shape[0];
      return tf.tidy(() => {
        const n = xt.shape[0];
        const mu = tf.reshape(tf.gather(meanTable.get(), tf.reshape(cond.ids, [n])), [n, 1, 1, 1]);
        const tt = tf.reshape(t, [n, 1, 1, 1]);
        const oneMinusT = tf.sub(1, tt);
        const variance = tf.add(tf.mul(tf.square(oneMinusT), sigma * sigma), tf.square(tt)); // s_t²
        const slope = tf.div(tf.sub(tt, tf.mul(oneMinusT, sigma * sigma)), variance);
        return tf.sub(tf.mul(slope, tf.sub(xt, tf.mul(oneMinusT, mu))), mu) as tf.Tensor4D;
      });
    },
    callFlops: (n) => ({ model: perRow.model * n, executed: perRow.executed * n }),
    dispose: () => meanTable.dispose((t) => t.dispose()),
  };
}
