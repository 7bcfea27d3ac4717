/**
 * @packageDocumentation
 * `@flopmatch/objective-next-token`: raster-order next-token prediction over discrete VQ ids on the shared
 * `@flopmatch/transformer` backbone, the caption as a prefix, teacher-forced cross-entropy at every image
 * position, and a KV-cached `NextTokenModel` whose every step is priced exactly by the FLOP ledger.
 */
export * from './next-token-config.js';
export * from './next-token-model.js';
export * from './next-token-objective.js';
