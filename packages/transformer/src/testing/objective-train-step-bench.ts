/**
 * The train-step bench every objective runs (`bench/train-step.bench.ts`): the loss forward alone is the
 * baseline, measured in the same process as the full step (forward + backward + AdamW), so the printed
 * ratio is the cost of the backward pass and the update. Needs vitest (an optional peer dependency).
 */
import type { LatentBatch, RandomSource } from '@flopmatch/core';
import { Rng } from '@flopmatch/core';
import { AdamW, type Module, valueAndGrads } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';
import { bench, describe } from 'vitest';

/** What the bench drives: an objective's loss over its variables. */
export type BenchedObjective = Pick<Module, 'namedVariables' | 'noDecayNames'> & {
  loss(batch: LatentBatch, rng: RandomSource): tf.Scalar;
};

/** Options of `describeTrainStepBench`. */
export interface TrainStepBenchOptions {
  /** AdamW learning rate. Default 1e-4. */
  lr?: number;
  /** Timed iterations per bench. Default 20. */
  iterations?: number;
  /** Untimed iterations first. Default 5. */
  warmupIterations?: number;
}

/**
 * Registers the two benches under `title`: `loss forward (baseline)` and `train step: forward + backward +
 * AdamW`, each step drawing from `Rng('bench').split(step)`.
 *
 * @example
 * describeTrainStepBench(`masked-token, fm-xs backbone, wasm, batch ${B}`, objective, batch);
 */
export function describeTrainStepBench(
  title: string,
  objective: BenchedObjective,
  batch: LatentBatch,
  options: TrainStepBenchOptions = {},
): void {
  const vars = objective.namedVariables();
  const opt = new AdamW(vars, { lr: options.lr ?? 1e-4, noDecay: objective.noDecayNames() });
  const rng = new Rng('bench');
  let step = 0;
  const timing = {
    iterations: options.iterations ?? 20,
    time: 0,
    warmupIterations: options.warmupIterations ?? 5,
    warmupTime: 0,
  };
  describe(title, () => {
    bench(
      'loss forward (baseline)',
      () => {
        tf.tidy(() => objective.loss(batch, rng.split(step++)).dataSync());
      },
      timing,
    );
    bench(
      'train step: forward + backward + AdamW',
      () => {
        const { value, grads } = valueAndGrads(() => objective.loss(batch, rng.split(step++)), vars);
        opt.step(grads);
        value.dataSync();
        tf.dispose([value, ...grads.values()]);
      },
      timing,
    );
  });
}
