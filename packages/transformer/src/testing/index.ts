/**
 * @packageDocumentation
 * `@flopmatch/transformer/testing`: helpers the objectives' tests and benches share — the README-example
 * check, a per-file temporary folder and the train-step bench. Imports vitest (an optional peer dependency).
 */
export * from './objective-train-step-bench.js';
export * from './readme-example.js';
export * from './temp-dir.js';
