/**
 * @packageDocumentation
 * `@flopmatch/compare`: the reference app. One CLI (`flopmatch`) built from every package's commands, and
 * `flopmatch compare`: a sweep of objectives × backbone sizes × codecs × FLOP budgets, split into units run
 * by a resumable worker pool, with results in a versioned store the report reads.
 */
export * from './store/results-store.js';
export * from './store/schema.js';
