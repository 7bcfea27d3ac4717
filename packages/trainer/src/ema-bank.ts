/**
 * Several exponential moving averages (EMAs) of the weights, each with a half-life that is a fraction of
 * the training run — B. T. Polyak, A. B. Juditsky, "Acceleration of Stochastic Approximation by Averaging",
 * SIAM J. Control Optim. 30(4), 1992; in half-life form as T. Karras et al., "Analyzing and Improving the
 * Training Dynamics of Diffusion Models", arXiv:2312.02696, §3.1.
 *
 * Why fractions: DiT's fixed β = 0.9999 has a half-life of ln 0.5 / ln 0.9999 ≈ 6 931 steps, longer than a
 * whole small-budget run, so its EMA would still be mostly the initial weights.
 *
 * Notation: f = `halfLife` (a fraction of the run), t = updates so far including this one (1 for the first),
 * T = `runSteps`, h = half-life in steps, β = decay.
 *   relativeTo 'run':     h = f·T,  β = 0.5^(1/h), fixed for the whole run.
 *   relativeTo 'elapsed': h = f·t,  β_t = 0.5^(1/(f·t)): the window grows with the run, so at every step
 *                         (and so at every milestone) it covers about a fraction f of the steps so far. This is
 *                         Karras et al.'s power-function EMA β_γ(t) = (1 − 1/t)^(γ+1) (§3.1) in the limit of
 *                         large t, with γ + 1 = ln 2 / f.
 * Update (both): θ̄ ← β·θ̄ + (1 − β)·θ, written once in `@flopmatch/nn`'s `Ema` (one per spec, β given per
 * call). Shadows start as copies of the weights they average.
 */
import type { HostArray } from '@flopmatch/core';
import { decayFromHalfLife, Ema } from '@flopmatch/nn';
import type * as tf from '@tensorflow/tfjs-core';
import { TrainerError } from './errors.js';
import { assignHostMap } from './host-tensors.js';

/** One EMA of the weights. */
export interface EmaSpec {
  /** Name used for its checkpoint file (`<id>.safetensors`) and in `loadMilestone`: letters, digits, `_ . -`. */
  id: string;
  /** Half-life as a fraction f of the run, in (0, 1]: e.g. 0.05, 0.1, 0.2. */
  halfLife: number;
  /** What f is a fraction of: `elapsed` (the steps so far, default) or `run` (the run's total steps). */
  relativeTo: 'elapsed' | 'run';
}

/**
 * β for the update that makes `t` updates in total (t ≥ 1), for a run of `runSteps` steps.
 *
 * @example
 * emaDecay({ id: 'ema-0.1', halfLife: 0.1, relativeTo: 'run' }, 1, 1000); // 0.5^(1/100) ≈ 0.99309
 */
export function emaDecay(spec: EmaSpec, t: number, runSteps: number): number {
  if (!(Number.isInteger(t) && t >= 1))
    throw new TrainerError(`EMA update count t = ${t} must be an integer ≥ 1`);
  const steps = spec.relativeTo === 'run' ? runSteps : t;
  return decayFromHalfLife(spec.halfLife * steps); // β = 0.5^(1/h)
}

/**
 * The EMAs of one set of weights.
 *
 * @example
 * const bank = new EmaBank(objective.namedVariables(), [{ id: 'ema-0.1', halfLife: 0.1, relativeTo: 'elapsed' }]);
 * bank.update(step + 1, 1000);            // after each optimizer step of a 1000-step run
 * const averaged = bank.shadows('ema-0.1'); // Map of live variables: read, don't dispose
 */
export class EmaBank {
  readonly specs: readonly EmaSpec[];
  readonly #emas = new Map<string, Ema>();

  constructor(params: Map<string, tf.Variable>, specs: readonly EmaSpec[]) {
    this.specs = specs;
    for (const spec of specs) {
      if (this.#emas.has(spec.id))
        throw new TrainerError(`two EMAs are named '${spec.id}'`, 'give each EMA its own id');
      // β changes with t, so every `update` passes its own; the constructor's β (0) is never used.
      this.#emas.set(spec.id, new Ema(params, { decay: 0 }));
    }
  }

  /**
   * θ̄ ← β·θ̄ + (1 − β)·θ for every EMA, where this update makes `t` in total in a run of `runSteps` steps (T,
   * used by `relativeTo: 'run'`). Returns each β by id.
   */
  update(t: number, runSteps: number): Record<string, number> {
    if (!(Number.isInteger(runSteps) && runSteps > 0))
      throw new TrainerError(`EMA runSteps = ${runSteps} must be a positive integer`);
    const decays: Record<string, number> = {};
    for (const spec of this.specs) {
      const b = emaDecay(spec, t, runSteps);
      decays[spec.id] = b;
      this.#emas.get(spec.id)!.update(b); // θ̄ ← β·θ̄ + (1 − β)·θ
    }
    return decays;
  }

  /** The averaged weights of EMA `id` by parameter name (live variables: read them, do not dispose them). */
  shadows(id: string): Map<string, tf.Variable> {
    const ema = this.#emas.get(id);
    if (!ema)
      throw new TrainerError(
        `no EMA named '${id}'`,
        `use one of: ${[...this.#emas.keys()].join(', ') || '(none)'}`,
      );
    return ema.shadow();
  }

  /** Copies each EMA's weights from `state[id]` (checkpoint tensors); `source` names the checkpoint in errors. */
  loadState(state: Record<string, Record<string, HostArray>>, source: string): void {
    for (const [id, ema] of this.#emas) {
      const values = state[id];
      if (!values)
        throw new TrainerError(
          `${source} holds no weights for EMA '${id}'`,
          'resume with the EMAs the run was started with',
        );
      assignHostMap(ema.shadow(), values, `${source} (${id})`);
    }
  }

  /** Disposes the shadow weights (not the parameters). */
  dispose(): void {
    for (const ema of this.#emas.values()) ema.dispose();
  }
}
