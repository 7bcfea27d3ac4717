/**
 * @packageDocumentation
 * `@flopmatch/core`: the contracts every flopmatch package composes through (datasets, codecs, backbone,
 * objectives, samplers, metrics), config validation, registries, seeded RNG, safetensors checkpoints, the
 * CLI host and the one training loop. It imports TensorFlow.js types only and runs no kernels.
 */
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
export * from './registry/registry.js';
export * from './config/parse-config.js';
export * from './cli/command.js';
