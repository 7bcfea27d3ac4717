/**
 * @packageDocumentation
 * `@flopmatch/flops`: the FLOP ledger every flopmatch budget and cost is computed with. One convention
 * (multiply-add = 2 FLOPs, backward = 2 × forward, masked attention counted exactly) and two counts per
 * number: `model` (the math) and `executed` (what the kernels run). Per-layer formulas, Transformer and
 * conv-net formulas, parameter counts, KV-cached decode schedules, golden presets and the `flops` command.
 */

export * from './cli/flops-command.js';
export * from './cli/flops-report.js';
export * from './cli/format.js';
export * from './cli/load-model.js';
export * from './convention.js';
export * from './count-options.js';
export { FlopsArgumentError } from './errors.js';
export * from './layers/activation.js';
export * from './layers/attention.js';
export * from './layers/conv2d.js';
export * from './layers/embedding.js';
export * from './layers/linear.js';
export * from './layers/norm.js';
export * from './layers/resample.js';
export * from './layers/softmax.js';
export * from './models/conv-net-flops.js';
export * from './models/conv-net-shape.js';
export * from './models/decode-schedule.js';
export * from './models/transformer-flops.js';
export * from './models/transformer-params.js';
export * from './models/transformer-shape.js';
export {
  BACKBONE_TERMS,
  sumTerms,
  TERM_NAMES,
  type TermName,
  type TransformerTerms,
} from './models/transformer-terms.js';
export * from './presets/golden-presets.js';
