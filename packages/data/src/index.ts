/**
 * @packageDocumentation
 * `@flopmatch/data`: datasets (`shapes` with exact scene graphs, `mnist`, `fashion-mnist`, `folder`), a
 * seeded, resumable loader, and image I/O (PNG/JPEG, grids, area resizing, tensor conversion).
 */
export * from './cli/preview-command.js';
export * from './dataset/check-index.js';
export * from './dataset/dataset-errors.js';
export * from './dataset/datasets.js';
export * from './folder/folder-dataset.js';
export * from './idx/idx.js';
export * from './image/image-grid.js';
export * from './image/image-types.js';
export * from './image/jpeg.js';
export * from './image/png.js';
export * from './image/read-image.js';
export * from './image/resize.js';
export * from './image/tensor-convert.js';
export * from './loader/data-loader.js';
export * from './loader/feistel-permutation.js';
export * from './mnist/fashion-mnist-dataset.js';
export * from './mnist/idx-image-dataset.js';
export * from './mnist/mnist-dataset.js';
export * from './shapes/caption-grammar.js';
export * from './shapes/render-scene.js';
export * from './shapes/sample-scene.js';
export type * from './shapes/scene-graph.js';
export * from './shapes/shape-geometry.js';
export * from './shapes/shapes-config.js';
export * from './shapes/shapes-dataset.js';
export * from './shapes/vocabulary.js';
