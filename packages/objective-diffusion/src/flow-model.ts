/**
 * The sampling view of a `FlowObjective` (core's `FlowModel`): the velocity field the Euler and Heun
 * samplers of `@flopmatch/samplers` integrate from t = 1 (noise) to t = 0 (data), priced by the ledger.
 */
import {
  type Conditioning,
  type FlopCount,
  type FlowModel,
  type LatentShape,
  scaleFlops,
} from '@flopmatch/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { FlowObjective } from './flow-objective.js';

/** `FlowModel` over a `FlowObjective`'s network. */
export class FlowView implements FlowModel {
  readonly specVersion = 'v1' as const;
  readonly kind = 'flow' as const;
  readonly latentShape: LatentShape;
  readonly #objective: FlowObjective;

  constructor(objective: FlowObjective) {
    this.#objective = objective;
    this.latentShape = { ...objective.config.latent };
  }

  condition(prompts: string[]): Conditioning {
    return this.#objective.condition(prompts);
  }

  nullCondition(n: number): Conditioning {
    return this.#objective.nullCondition(n);
  }

  /** v(x_t, t | cond): x_t [N, h, w, c], t [N] → [N, h, w, c]. */
  velocity(xt: tf.Tensor4D, t: tf.Tensor1D, cond: Conditioning): tf.Tensor4D {
    return this.#objective.velocity(xt, t, cond);
  }

  /** FLOPs of one `velocity` call on n latents (the ledger's forward, timestep MLP included). */
  callFlops(n: number): FlopCount {
    return scaleFlops(this.#objective.forwardFlopsPerExample(), n);
  }
}
