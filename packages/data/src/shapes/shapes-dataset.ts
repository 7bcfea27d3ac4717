/**
 * The `shapes` dataset: procedurally rendered scenes of coloured shapes with captions whose every claim
 * can be checked by rule (no CLIP or Inception weights needed). It stands in for the CLIP-score prompt
 * following measure of Kilian, Jampani & Zettlemoyer ("Computational Tradeoffs in Image Synthesis",
 * arXiv:2405.13218), where no CLIP weights are available offline. Nothing is downloaded; sample i depends
 * only on (seed, split, i), so the dataset is random-access and a loader position is enough to resume.
 */
import { type DataSample, type Dataset, type ImageShape, Rng } from '@flopmatch/core';
import { checkIndex } from '../dataset/check-index.js';
import { renderScene } from './render-scene.js';
import { sampleScene } from './sample-scene.js';
import type { SceneGraph } from './scene-graph.js';
import { parseShapesConfig, type ShapesConfig, type ShapesConfigInput } from './shapes-config.js';

/** A `shapes` sample: `meta` is always its `SceneGraph`. */
export interface ShapesSample extends DataSample {
  meta: SceneGraph;
}

/**
 * @example
 * const train = new ShapesDataset({ seed: 1 });
 * const { image, caption, meta } = train.get(0); // Float32Array(32·32·3) in [-1, 1], 'two red squares', SceneGraph
 * const heldout = new ShapesDataset({ seed: 1, split: 'heldout' }); // unseen (shape, colour) pairs
 */
export class ShapesDataset implements Dataset {
  readonly specVersion = 'v1' as const;
  readonly id = 'dataset:shapes';
  readonly config: ShapesConfig;
  readonly imageShape: ImageShape;
  readonly size: number;
  private readonly root: Rng;

  constructor(config: ShapesConfigInput = {}) {
    this.config = parseShapesConfig(config);
    this.size = this.config.size;
    this.imageShape = Object.freeze({
      height: this.config.resolution,
      width: this.config.resolution,
      channels: 3,
    });
    this.root = new Rng(`shapes/${this.config.seed}/${this.config.split}`);
  }

  /** The scene graph of sample `index`, without rendering it. */
  scene(index: number): SceneGraph {
    checkIndex(this.id, index, this.size);
    return sampleScene(this.root.split(index), this.config);
  }

  get(index: number): ShapesSample {
    const scene = this.scene(index);
    const image = renderScene(scene.objects, {
      width: scene.width,
      height: scene.height,
      supersample: this.config.supersample,
    });
    return { image, caption: scene.caption, meta: scene };
  }
}
