/**
 * @packageDocumentation
 * `@flopmatch/core`: the contracts every flopmatch package composes through (datasets, codecs, backbone,
 * objectives, samplers, metrics), config validation, registries, seeded RNG, safetensors checkpoints, the
 * CLI host and the one training loop. It imports TensorFlow.js types only and runs no kernels.
 */

export * from './checkpoint/checkpoint-dir.js';
export * from './checkpoint/decode-safetensors.js';
export * from './checkpoint/encode-safetensors.js';
export * from './checkpoint/load-checkpoint.js';
export * from './checkpoint/manifest.js';
export * from './checkpoint/safetensors-dtype.js';
export * from './checkpoint/safetensors-file.js';
export * from './checkpoint/save-checkpoint.js';
export * from './cli/command.js';
export * from './cli/create-cli.js';
export * from './cli/edit-distance.js';
export * from './cli/exit-code.js';
export * from './cli/load-run-config.js';
export * from './cli/merge-config.js';
export * from './cli/parse-command-args.js';
export * from './cli/render-help.js';
export * from './config/parse-config.js';
export * from './config/stable-json.js';
export type * from './contracts/backbone.js';
export type * from './contracts/conditioning.js';
export type * from './contracts/dataset.js';
export * from './contracts/flop-count.js';
export type * from './contracts/generative-model.js';
export type * from './contracts/image-batch.js';
export type * from './contracts/latent-codec.js';
export type * from './contracts/latent-dataset.js';
export type * from './contracts/metric.js';
export type * from './contracts/objective.js';
export type * from './contracts/random.js';
export type * from './contracts/sampler.js';
export type * from './contracts/tensor.js';
export * from './errors.js';
export * from './io/append-jsonl.js';
export * from './io/read-file-bytes.js';
export * from './io/read-jsonl.js';
export * from './io/sha256.js';
export * from './io/write-file-atomic.js';
export * from './io/write-json-atomic.js';
export * from './registry/registry.js';
export * from './rng/murmur3.js';
export * from './rng/rng.js';
export * from './training/non-finite.js';
export * from './training/progress.js';
export * from './training/run-training.js';
export * from './training/step-log.js';
export type * from './training/training-task.js';
