/**
 * The sampling view of a `MaskedObjective` (core's `MaskedTokenModel`): one bidirectional pass predicts
 * every token; the MaskGIT sampler (`@flopmatch/samplers`) decides which to keep. Priced by the ledger.
 */
import {
  type Conditioning,
  type FlopCount,
  type LatentShape,
  type MaskedTokenModel,
  scaleFlops,
} from '@flopmatch/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { MaskedObjective } from './masked-objective.js';

/** `MaskedTokenModel` over a `MaskedObjective`'s network. */
export class MaskedView implements MaskedTokenModel {
  readonly specVersion = 'v1' as const;
  readonly kind = 'masked' as const;
  readonly latentShape: LatentShape;
  readonly codebookSize: number;
  readonly maskId: number;
  readonly #objective: MaskedObjective;

  constructor(objective: MaskedObjective) {
    this.#objective = objective;
    const { grid, codebookSize } = objective.config;
    this.latentShape = { height: grid.height, width: grid.width, channels: 1 };
    this.codebookSize = codebookSize;
    this.maskId = objective.maskId;
  }

  condition(prompts: string[]): Conditioning {
    return this.#objective.condition(prompts);
  }

  nullCondition(n: number): Conditioning {
    return this.#objective.nullCondition(n);
  }

  /** ids [N, T] (maskId where masked) → logits [N, T, K]. */
  logits(ids: tf.Tensor2D, cond: Conditioning): tf.Tensor3D {
    return this.#objective.logits(ids, cond);
  }

  /** FLOPs of one `logits` call on n sequences (the ledger's forward, logits at every position). */
  callFlops(n: number): FlopCount {
    return scaleFlops(this.#objective.forwardFlopsPerExample(), n);
  }
}
