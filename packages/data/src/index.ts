/**
 * @packageDocumentation
 * `@flopmatch/data`: datasets (`shapes` with exact scene graphs, `mnist`, `fashion-mnist`, `folder`), a
 * seeded, resumable loader, and image I/O (PNG, grids, resizing, tensor conversion).
 */
export * from './random/seeded-random.js';
export * from './shapes/caption-grammar.js';
export * from './shapes/render-scene.js';
export * from './shapes/sample-scene.js';
export type * from './shapes/scene-graph.js';
export * from './shapes/shape-geometry.js';
export * from './shapes/shapes-config.js';
export * from './shapes/shapes-dataset.js';
export * from './shapes/vocabulary.js';
