/**
 * Exponential moving average of weights — B. T. Polyak, A. B. Juditsky, "Acceleration of Stochastic
 * Approximation by Averaging", SIAM J. Control Optim. 30(4), 1992 (averaged iterates); the exponential
 * form θ̄ ← β·θ̄ + (1 − β)·θ is what diffusion models sample from (e.g. DiT, arXiv:2212.09748, §4).
 *
 * A decay can be given as a half-life h in steps: β = 0.5^(1/h), so a weight's contribution halves every
 * h updates (T. Karras et al., "Analyzing and Improving the Training Dynamics of Diffusion Models",
 * arXiv:2312.02696, §3.1 parameterises EMA lengths the same way).
 */
import { FlopmatchError } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../errors.js';
import { assignCopy } from './assign-copy.js';

/** Options of `Ema`: exactly one of `decay` and `halfLife`. */
export interface EmaOptions {
  /** β in [0, 1). */
  decay?: number;
  /** Half-life in steps h > 0: β = 0.5^(1/h). */
  halfLife?: number;
}

/** β = 0.5^(1/halfLife). */
export function decayFromHalfLife(halfLife: number): number {
  if (!(halfLife > 0)) throw new OptionError('Ema', 'halfLife', halfLife, 'a positive number of steps');
  return 0.5 ** (1 / halfLife);
}

/**
 * A shadow copy of named weights, updated as θ̄ ← β·θ̄ + (1 − β)·θ.
 *
 * @example
 * const ema = new Ema(model.namedVariables(), { halfLife: 500 });
 * ema.update(); // after each optimizer step
 * ema.copyTo(evalModel.namedVariables()); // sample from the averaged weights
 */
export class Ema {
  /** β. */
  readonly decay: number;
  readonly #params: Map<string, tf.Variable>;
  readonly #shadow = new Map<string, tf.Variable>();
  #updates = 0;

  constructor(params: Map<string, tf.Variable>, options: EmaOptions) {
    if ((options.decay === undefined) === (options.halfLife === undefined)) {
      throw new OptionError('Ema', 'decay/halfLife', options, 'exactly one of { decay } or { halfLife }');
    }
    if (options.decay !== undefined && !(options.decay >= 0 && options.decay < 1)) {
      throw new OptionError('Ema', 'decay', options.decay, 'a number in [0, 1)');
    }
    this.decay = options.decay ?? decayFromHalfLife(options.halfLife!);
    this.#params = new Map(params);
    for (const [name, p] of params) this.#shadow.set(name, tf.variable(tf.clone(p), false));
  }

  /** Updates taken so far. */
  get updates(): number {
    return this.#updates;
  }

  /**
   * θ̄ ← β·θ̄ + (1 − β)·θ for every parameter, with β = `decay` for this update only (schedules whose β
   * changes with the step, e.g. a half-life that grows with the run) or the constructor's β by default.
   */
  update(decay: number = this.decay): void {
    if (!(decay >= 0 && decay < 1)) throw new OptionError('Ema.update', 'decay', decay, 'a number in [0, 1)');
    for (const [name, p] of this.#params) {
      const s = this.#shadow.get(name)!;
      tf.tidy(() => s.assign(tf.add(tf.mul(s, decay), tf.mul(p, 1 - decay)))); // θ̄ ← β·θ̄ + (1 − β)·θ
    }
    this.#updates += 1;
  }

  /** The averaged weights by name (live variables: read them, do not dispose them). */
  shadow(): Map<string, tf.Variable> {
    return new Map(this.#shadow);
  }

  /** Copies the averaged weights into `target` (e.g. an evaluation copy of the model). */
  copyTo(target: Map<string, tf.Variable>): void {
    for (const [name, s] of this.#shadow) {
      const t = target.get(name);
      if (!t)
        throw new FlopmatchError(
          'E_EMA',
          `EMA weight '${name}' has no parameter in the target`,
          'copy into a model of the same architecture',
        );
      assignCopy(t, s);
    }
  }

  /** The averaged weights as tensors for a checkpoint, named like the parameters (live variables). */
  exportState(): Record<string, tf.Tensor> {
    return Object.fromEntries(this.#shadow);
  }

  /** Restores `exportState()` output (values are copied); names every missing or mis-shaped weight. */
  loadState(state: Record<string, tf.Tensor>): void {
    const problems: string[] = [];
    for (const [name, s] of this.#shadow) {
      const t = state[name];
      if (!t) problems.push(`'${name}' missing`);
      else if (t.shape.join() !== s.shape.join())
        problems.push(`'${name}' is [${t.shape}], expected [${s.shape}]`);
    }
    if (problems.length) {
      throw new FlopmatchError(
        'E_EMA',
        `EMA state does not match its parameters: ${problems.join('; ')}`,
        'load the EMA exported for the same model',
      );
    }
    for (const [name, s] of this.#shadow) assignCopy(s, state[name]!);
  }

  /** Disposes the shadow weights. */
  dispose(): void {
    for (const s of this.#shadow.values()) s.dispose();
  }
}
