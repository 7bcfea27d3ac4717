/**
 * @packageDocumentation
 * `@flopmatch/runtime/testing`: helpers for vitest suites that must hold on every backend. Import only from
 * tests (it imports `vitest`).
 */
export { type ForEachBackendOptions, forEachBackend } from './for-each-backend.js';
