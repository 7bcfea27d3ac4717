/**
 * @packageDocumentation
 * `@flopmatch/nn`: layers that are fast on every TensorFlow.js backend (custom-gradient matmul, scatter-
 * gradient embedding, convolution whose gradients are forward convolutions), attention, norms, AdamW, EMA,
 * learning-rate schedules and a float64 gradient checker.
 */
export * from './activations.js';
export * from './attention.js';
export * from './conv2d.js';
export * from './conv2d-gradients.js';
export * from './cross-entropy.js';
export * from './dropout.js';
export * from './embedding.js';
export * from './errors.js';
export * from './group-norm.js';
export * from './init.js';
export * from './kv-cache-attention.js';
export * from './layer-norm.js';
export * from './linear.js';
export * from './matmul.js';
export * from './module.js';
export * from './multi-head-attention.js';
export * from './optim/adamw.js';
export * from './optim/clip-grad-norm.js';
export * from './optim/ema.js';
export * from './optim/schedules.js';
export * from './resample.js';
export * from './rms-norm.js';
export * from './testing/check-gradients.js';
export * from './value-and-grads.js';
