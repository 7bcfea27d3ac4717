/**
 * @packageDocumentation
 * `@flopmatch/transformer/testing`: helpers the objectives' tests and benches share — the train-step bench,
 * plus core's README-example check and per-file temporary folder (`@flopmatch/core/testing`, re-exported).
 * Imports vitest (an optional peer dependency).
 */
export {
  type ReadmeExample,
  type ReadmeExampleOptions,
  readmeExample,
  useTempDir,
} from '@flopmatch/core/testing';
export * from './objective-train-step-bench.js';
