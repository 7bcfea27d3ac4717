/**
 * @packageDocumentation
 * `@flopmatch/core/testing`: helpers every package's tests share — the README-example check and a per-file
 * temporary folder. Imports vitest (an optional peer dependency); not part of the main entry.
 */
export * from './readme-example.js';
export * from './temp-dir.js';
