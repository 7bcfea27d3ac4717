/**
 * The simplest real `Objective` test double: one parameter vector w [D] (initialised to 0), loss =
 * mean over the batch and positions of (w − x)², minimised by the data mean. As a flow model it is the
 * rectified flow of a point mass at w: v(x_t, t) = (x_t − w)/t. With Adam, each coordinate moves by at most
 * about `lr` per step, so on data with mean 1 a rate far too small cannot get there in a short budget and a
 * rate far too large jumps past it: the best rate of a sweep is known.
 */
import type { FlopCount, FlowModel, LatentBatch, LatentShape, Objective } from '@flopmatch/core';
import { elementwiseFlops, trainingFlops } from '@flopmatch/flops';
import * as tf from '@tensorflow/tfjs-core';

/** Learns the mean of continuous latents. */
export class MeanObjective implements Objective {
  readonly specVersion = 'v1' as const;
  readonly id = 'objective:mean';
  readonly latentKind = 'continuous' as const;
  readonly config: Readonly<Record<string, unknown>>;
  readonly w: tf.Variable;
  readonly #shape: LatentShape;
  readonly #d: number;

  constructor(latentShape: LatentShape) {
    this.#shape = latentShape;
    this.#d = latentShape.height * latentShape.width * latentShape.channels;
    this.config = Object.freeze({ type: 'objective:mean', version: 1, latentShape });
    this.w = tf.variable(tf.zeros([this.#d]), true);
  }

  loss(batch: LatentBatch): tf.Scalar {
    if (batch.kind !== 'continuous') throw new Error('mean objective trains on continuous latents');
    return tf.tidy(() => {
      const x = tf.reshape(batch.latents, [batch.latents.shape[0], this.#d]);
      return tf.mean(tf.square(tf.sub(this.w, x))) as tf.Scalar;
    });
  }

  namedVariables(): Map<string, tf.Variable> {
    return new Map([['w', this.w]]);
  }

  trainingFlopsPerExample(): FlopCount {
    return trainingFlops(elementwiseFlops({ kind: 'add', elements: 2 * this.#d })); // subtract and square: 3·2D
  }

  model(): FlowModel {
    const cond = (n: number) => ({
      ids: tf.zeros([n, 1], 'int32') as tf.Tensor2D,
      isNull: Array(n).fill(true),
    });
    return {
      specVersion: 'v1',
      kind: 'flow',
      latentShape: this.#shape,
      condition: (prompts) => cond(prompts.length),
      nullCondition: cond,
      velocity: (xt, t) =>
        tf.tidy(() => {
          const w = tf.reshape(this.w, [1, ...xt.shape.slice(1)]);
          return tf.div(tf.sub(xt, w), tf.reshape(tf.maximum(t, 1e-3), [-1, 1, 1, 1])) as tf.Tensor4D;
        }),
      callFlops: (n) => ({ model: 2 * this.#d * n, executed: 2 * this.#d * n }),
    };
  }
}
