/**
 * @packageDocumentation
 * `@flopmatch/objective-masked`: MaskGIT masked-token prediction over discrete VQ ids on the shared
 * `@flopmatch/transformer` backbone — cosine mask schedule, [MASK] = codebook size, cross-entropy on the
 * masked positions only, conditioning dropout — and its `MaskedTokenModel` view for the MaskGIT sampler.
 */
export * from './mask-schedule.js';
export * from './masked-config.js';
export * from './masked-model.js';
export * from './masked-objective.js';
