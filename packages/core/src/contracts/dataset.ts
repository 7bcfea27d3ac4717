import type { ImageShape } from './image-batch.js';

/** One example: an HWC float32 image in [-1, 1], its caption and dataset-specific metadata. */
export interface DataSample {
  image: Float32Array;
  caption: string;
  /** A scene graph on `shapes` (for the exact prompt checker), `{ label }` on MNIST-style sets. */
  meta?: unknown;
}

/**
 * A random-access dataset. Access by index is deterministic, so a loader's position (epoch, index) is
 * enough to resume exactly.
 *
 * @example
 * for (let i = 0; i < 4; i++) console.log(dataset.get(i).caption);
 */
export interface Dataset {
  readonly specVersion: 'v1';
  /** Registry id: `dataset:shapes`, `dataset:mnist`, … */
  readonly id: string;
  readonly imageShape: ImageShape;
  /** Number of examples (finite; a procedural stream exposes a large fixed size). */
  readonly size: number;
  readonly config: Readonly<Record<string, unknown>>;
  get(index: number): DataSample;
}
