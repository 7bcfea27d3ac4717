/**
 * @packageDocumentation
 * `@flopmatch/vae`: the KL-regularised autoencoder — a diagonal-Gaussian bottleneck (mean or sampled
 * latents, configurable KL weight), a latent scale factor fitted on data and stored with the weights, and
 * `VaeCodec`, core's `ContinuousLatentCodec` over `@flopmatch/autoencoder`'s shared encoder/decoder.
 */
export * from './diagonal-gaussian.js';
export * from './errors.js';
export * from './family.js';
export * from './fit-scale-factor.js';
export * from './vae-codec.js';
