/**
 * The autoencoder's learning-rate schedule: linear warmup, then a cosine decay to `lr · minLrRatio` at the
 * run's step budget (I. Loshchilov, F. Hutter, "SGDR", arXiv:1608.03983, eq. (5), one cycle), or constant.
 */
import type { TrainingBudget } from '@flopmatch/core';
import { warmupCosine } from '@flopmatch/nn';
import type { AeTrainConfig } from './ae-train-config.js';

/**
 * The learning rate of step `step` (0-based). Without a step budget the cosine has no end, so the rate stays
 * at its peak after warmup.
 *
 * @example
 * aeLearningRate(0, { ...config, lr: 1e-3, warmupSteps: 10 }, { steps: 100 }); // 1e-4
 */
export function aeLearningRate(
  step: number,
  config: Pick<AeTrainConfig, 'lr' | 'warmupSteps' | 'schedule' | 'minLrRatio'>,
  budget: TrainingBudget,
): number {
  const warmup = config.warmupSteps;
  if (config.schedule === 'constant' || budget.steps === undefined) {
    return step < warmup ? (config.lr * (step + 1)) / warmup : config.lr;
  }
  return warmupCosine(step, {
    peakLr: config.lr,
    warmupSteps: Math.min(warmup, budget.steps),
    totalSteps: budget.steps,
    minLr: config.lr * config.minLrRatio,
  });
}
