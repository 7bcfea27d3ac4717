// @ts-check
/**
 * A new flow sampler in one file, plugged into `flopmatch compare` by name (docs/swap-a-component.md).
 *
 * The explicit midpoint rule (2nd-order Runge–Kutta) for the flow-matching ODE dx/dt = v(x, t) from t = 1
 * (noise) to t = 0 (data) — E. Hairer, S. P. Nørsett, G. Wanner, "Solving Ordinary Differential
 * Equations I", §II.1, eq. (1.7); the ODE and sign convention of SD3 (arXiv:2403.03206, §2).
 *
 * Notation: dt = t_{i+1} − t_i (< 0); v1 = v(x_i, t_i); x_mid = x_i + dt/2·v1; v2 = v(x_mid, t_i + dt/2).
 * Every step costs two network evaluations (NFE = 2·steps), which the base class prices through the FLOP
 * ledger exactly as it does Euler's and Heun's.
 *
 * Use it from a sweep: `"plugins": ["./midpoint-sampler.mjs"]` and
 * `"sampling": { "flow": { "default": { "sampler": "sampler:midpoint", "options": { "steps": 8 } } } }`.
 */
import { FlowSolver } from '@flopmatch/samplers';
import * as tf from '@tensorflow/tfjs-core';

/** The midpoint flow sampler, registry id `sampler:midpoint`; options `steps` (default 16) and `shift`. */
export class MidpointSampler extends FlowSolver {
  id = 'sampler:midpoint';

  /** @param {Partial<import('@flopmatch/samplers').FlowSolverOptions>} [options] */
  constructor(options = {}) {
    super(options, 'sampler:midpoint options', 16);
  }

  /** @param {number} steps */
  nfe(steps) {
    return 2 * steps;
  }

  /**
   * @param {tf.Tensor4D} x
   * @param {number} t
   * @param {number} tNext
   * @param {boolean} _last
   * @param {import('@flopmatch/samplers').VelocityFn} velocity
   * @returns {tf.Tensor4D}
   */
  step(x, t, tNext, _last, velocity) {
    const dt = tNext - t;
    const v1 = velocity(x, t);
    const mid = tf.add(x, tf.mul(v1, dt / 2)); // x_mid = x_i + dt/2·v1
    const v2 = velocity(/** @type {tf.Tensor4D} */ (mid), t + dt / 2);
    return tf.add(x, tf.mul(v2, dt)); // eq. (1.7): x_{i+1} = x_i + dt·v(x_mid, t_i + dt/2)
  }
}

/**
 * The plugin entry: returns the registries with `sampler:midpoint` added (a duplicate id would throw).
 *
 * @param {import('@flopmatch/compare').ComponentRegistries} registries
 */
export function register(registries) {
  return {
    ...registries,
    samplers: registries.samplers.with({
      midpoint: (options) => new MidpointSampler(/** @type {never} */ (options ?? {})),
    }),
  };
}
