/**
 * @packageDocumentation
 * `@flopmatch/trainer`: trains a generator (any `Objective`) to a FLOP budget on core's `runTraining`:
 * seeded, resumable batches from a latent cache, AdamW with global-norm clipping, several EMAs with
 * half-lives relative to the run, warmup–stable–decay milestones whose cooldown branches give one model per
 * budget from a single run (or one cosine run per budget), a learning-rate sweep, and the `train` command.
 */
export * from './ema-bank.js';
export * from './errors.js';
export * from './generator-task.js';
export * from './host-tensors.js';
export * from './latent-batcher.js';
export * from './learning-rate.js';
export * from './log-spaced.js';
export * from './lr-sweep.js';
export * from './milestone-plan.js';
export * from './milestone-store.js';
export * from './train-command.js';
export * from './train-generator.js';
export * from './trainer-config.js';
