import type { Scalar, Variable } from '@tensorflow/tfjs-core';
import type { Conditioning } from './conditioning.js';
import type { FlopCount } from './flop-count.js';
import type { GenerativeModel } from './generative-model.js';
import type { RandomSource } from './random.js';
import type { Tensor3D, Tensor4D } from './tensor.js';

/** A training batch in latent space: continuous latents or discrete ids, with conditioning. */
export type LatentBatch =
  | { kind: 'continuous'; latents: Tensor4D; cond: Conditioning }
  | { kind: 'discrete'; ids: Tensor3D; cond: Conditioning };

/**
 * A training objective over a shared backbone: flow matching, masked-token or next-token prediction.
 *
 * @example
 * const { value, grads } = tf.variableGrads(() => objective.loss(batch, rng.split(step)), vars);
 */
export interface Objective {
  readonly specVersion: 'v1';
  /** Registry id: `objective:flow`, `objective:masked`, `objective:next-token`. */
  readonly id: string;
  readonly latentKind: 'continuous' | 'discrete';
  readonly config: Readonly<Record<string, unknown>>;
  /** Scalar loss on a batch. Applies conditioning dropout when `training`. Call inside `tf.variableGrads`. */
  loss(batch: LatentBatch, rng: RandomSource, training?: boolean): Scalar;
  /** All trainable variables (backbone + heads + prompt embedding) by stable name. */
  namedVariables(): Map<string, Variable>;
  /** FLOPs of one training example, forward + backward, exactly as this objective computes it. */
  trainingFlopsPerExample(): FlopCount;
  /** The sampling view of the network. */
  model(): GenerativeModel;
}
