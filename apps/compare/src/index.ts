/**
 * @packageDocumentation
 * `@flopmatch/compare`: the reference app. One CLI (`flopmatch`) built from every package's commands, and
 * `flopmatch compare`: a sweep of objectives × backbone sizes × codecs × FLOP budgets, split into units run
 * by a resumable worker pool, with results in a versioned store the report reads. Components are named by
 * registry id; a plugin module adds its own (see docs/swap-a-component.md).
 */
export * from './commands/compare-command.js';
export * from './commands/flopmatch-cli.js';
export * from './plan/assemble-plan.js';
export * from './plan/build-plan.js';
export * from './plan/calibration.js';
export * from './plan/estimate-time.js';
export * from './plan/plan-pricing.js';
export * from './plan/unit-ids.js';
export type * from './plan/unit-spec.js';
export * from './pool/in-process-executor.js';
export * from './pool/process-pool-executor.js';
export type * from './pool/unit-executor.js';
export * from './pool/worker-entry.js';
export type * from './pool/worker-protocol.js';
export type * from './registries/components.js';
export * from './registries/default-registries.js';
export * from './registries/load-plugins.js';
export * from './registries/registry-pricing.js';
export * from './registries/trainer-planner.js';
export * from './report/index.js';
export * from './run/event-log.js';
export * from './run/provenance.js';
export * from './run/run-dir.js';
export * from './run/run-unit.js';
export * from './run/scheduler.js';
export * from './store/results-store.js';
export * from './store/schema.js';
export * from './sweep/load-sweep.js';
export * from './sweep/presets/index.js';
export * from './sweep/sweep-schema.js';
export * from './units/default-handlers.js';
export type * from './units/unit-handler.js';
