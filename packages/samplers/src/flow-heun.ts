/**
 * Heun's method (explicit trapezoidal rule, 2nd order) for the flow-matching ODE dx/dt = v(x, t), from
 * t = 1 (noise) to t = 0 (data).
 *
 * Paper: Karras et al., "Elucidating the Design Space of Diffusion-Based Generative Models" (EDM),
 * arXiv:2206.00364, §3 and Algorithm 1 (Heun steps; the step to t = 0 is a plain Euler step);
 * the ODE and sign convention of SD3 (arXiv:2403.03206, §2).
 *
 * Notation: dt = t_{i+1} − t_i (< 0); v1 = v(x_i, t_i); x̃ = x_i + dt·v1; v2 = v(x̃, t_{i+1}).
 * Every step but the last costs two evaluations, the last (to t = 0) one:
 * NFE = 2·steps − 1, counted and reported, never hidden. Global error O(h²): halving the step size
 * divides the endpoint error by about 4.
 */
import * as tf from '@tensorflow/tfjs-core';
import { FlowSolver, type FlowSolverOptions, type VelocityFn } from './flow-solver.js';

/** Options of `HeunSampler`: `steps` (default 25, NFE 49) and `shift` (default 1). */
export type HeunOptions = FlowSolverOptions;

/**
 * Heun flow sampler, registry id `sampler:heun`.
 *
 * @example
 * const heun = new HeunSampler({ steps: 10 }); // NFE 19
 * const { cost } = await heun.sample({ model, codec, prompts: ['a red circle'], n: 4, seed: 0 });
 */
export class HeunSampler extends FlowSolver {
  readonly id = 'sampler:heun';

  /** @param options partial `HeunOptions`, validated (unknown fields and bad values throw `ConfigError`). */
  constructor(options: Partial<HeunOptions> = {}) {
    super(options, 'sampler:heun options', 25);
  }

  /** Two evaluations per step, one for the final Euler step to t = 0. */
  nfe(steps: number): number {
    return 2 * steps - 1;
  }

  protected step(x: tf.Tensor4D, t: number, tNext: number, last: boolean, velocity: VelocityFn): tf.Tensor4D {
    const dt = tNext - t;
    const v1 = velocity(x, t);
    const euler = tf.add<tf.Tensor4D>(x, tf.mul(v1, dt)); // x̃ = x_i + dt·v1
    if (last) return euler; // step to t = 0: plain Euler (EDM Algorithm 1 corrects only when t_{i+1} ≠ 0)
    const v2 = velocity(euler, tNext);
    return tf.add(x, tf.mul(tf.add(v1, v2), dt / 2)); // eq. (1), trapezoidal rule: x_{i+1} = x_i + dt/2·(v1 + v2)
  }
}
