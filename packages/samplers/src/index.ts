/**
 * @packageDocumentation
 * `@flopmatch/samplers`: sampling algorithms that drive any `GenerativeModel` through the core contracts —
 * Euler and Heun ODE solvers for flow models, MaskGIT parallel decoding for masked-token models, KV-cached
 * next-token decoding — with one classifier-free guidance helper and an exact, ledger-priced
 * `InferenceCost` for every call.
 */
export {
  cfgPasses,
  concatConditioning,
  type GuidedBatch,
  guide,
  guidedBatch,
} from './classifier-free-guidance.js';
export { SamplerError } from './errors.js';
export { finishSample, type SampledLatents } from './finish-sample.js';
export { type EulerOptions, EulerSampler } from './flow-euler.js';
export { type HeunOptions, HeunSampler } from './flow-heun.js';
export {
  FlowSolver,
  type FlowSolverOptions,
  flowSolverSchema,
  initialNoise,
  type SamplerConfig,
  type VelocityFn,
} from './flow-solver.js';
export { flowTimesteps, shiftTime } from './flow-timesteps.js';
export { assembleCost, type CostParts, type EstimatedCost, repeatedCallCost } from './inference-cost.js';
export { type MaskGitOptions, MaskGitOptionsSchema, MaskGitSampler } from './maskgit.js';
export { maskgitSchedule } from './maskgit-schedule.js';
export { MemoryProbe } from './memory-probe.js';
export {
  type NextTokenOptions,
  NextTokenOptionsSchema,
  NextTokenSampler,
  type UncachedForwardPricing,
  uncachedForwardFlops,
} from './next-token.js';
export { SAMPLER_IDS, type SamplerFactory, samplerFromConfig, samplers } from './registry.js';
export {
  checkModelAndCodec,
  type ResolvedRequest,
  resolveRequest,
  type SamplerIdentity,
} from './sample-request.js';
export {
  gumbel,
  type LogitsRow,
  logProbability,
  row,
  sampleIndex,
  type TokenFilterOptions,
  tokenDistribution,
} from './token-sampling.js';
