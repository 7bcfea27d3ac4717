/**
 * Euler's method for the flow-matching ODE dx/dt = v(x, t), from t = 1 (noise) to t = 0 (data).
 *
 * Paper: Lipman et al., "Flow Matching for Generative Modeling", arXiv:2210.02747, §2 (sampling solves the
 * ODE); Esser et al. (SD3), arXiv:2403.03206, §2 for x_t = (1 − t)·x_0 + t·ε, v = ε − x_0.
 *
 * One evaluation per step, global error O(h): halving the step size halves the endpoint error.
 * NFE = steps; with classifier-free guidance each evaluation is one model call on 2N rows.
 */
import * as tf from '@tensorflow/tfjs-core';
import { FlowSolver, type FlowSolverOptions, type VelocityFn } from './flow-solver.js';

/** Options of `EulerSampler`: `steps` (default 50) and `shift` (default 1). */
export type EulerOptions = FlowSolverOptions;

/**
 * Explicit Euler flow sampler, registry id `sampler:euler`.
 *
 * @example
 * const euler = new EulerSampler({ steps: 20 });
 * const { images, cost } = await euler.sample({ model, codec, prompts: ['a red circle'], n: 4, seed: 0, cfgScale: 3 });
 */
export class EulerSampler extends FlowSolver {
  readonly id = 'sampler:euler';

  /** @param options partial `EulerOptions`, validated (unknown fields and bad values throw `ConfigError`). */
  constructor(options: Partial<EulerOptions> = {}) {
    super(options, 'sampler:euler options', 50);
  }

  /** One evaluation per step. */
  nfe(steps: number): number {
    return steps;
  }

  protected step(
    x: tf.Tensor4D,
    t: number,
    tNext: number,
    _last: boolean,
    velocity: VelocityFn,
  ): tf.Tensor4D {
    return tf.add(x, tf.mul(velocity(x, t), tNext - t)); // eq. (1) of arXiv:2210.02747, discretised: x_{i+1} = x_i + (t_{i+1} − t_i)·v(x_i, t_i)
  }
}
