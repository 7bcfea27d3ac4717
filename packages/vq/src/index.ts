/**
 * @packageDocumentation
 * `@flopmatch/vq`: quantizers as plug-ins behind one interface — VQ (EMA codebook, dead-code restarts,
 * optional l2-normalised low-dimensional codes), LFQ (MAGVIT-v2) and FSQ — and `VqCodec`, core's
 * `DiscreteLatentCodec` over `@flopmatch/autoencoder`'s shared encoder/decoder, with codec families and
 * presets for `train-ae`.
 */
export * from './errors.js';
export * from './families.js';
export * from './finite-scalar-quantizer.js';
export * from './lookup-free-quantizer.js';
export * from './quantizer.js';
export * from './straight-through.js';
export * from './vector-quantizer.js';
export * from './vq-codec.js';
