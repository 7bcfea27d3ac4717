/**
 * @packageDocumentation
 * `@flopmatch/transformer`: the one Transformer backbone every flopmatch objective trains (pre-norm blocks,
 * the caption as a prefix, causal or bidirectional masks, learned / 2-D sin-cos positions and 2-D RoPE,
 * timestep conditioning as a prefix token, adaLN-single or adaLN-Zero), its KV cache, the shared size presets
 * and the ledger bridge, plus the helpers all objectives share (token cross-entropy, conditioning dropout,
 * safetensors weights, batch checks, config fragments).
 */
export * from './batch-checks.js';
export * from './conditioning-dropout.js';
export * from './ledger-shape.js';
export * from './named-weights.js';
export * from './objective-fields.js';
export * from './rope-2d.js';
export * from './sincos-2d.js';
export * from './size-presets.js';
export * from './token-cross-entropy.js';
export * from './transformer.js';
