/** Fixtures for the prompt-checker tests: dataset scenes, re-rendered after edits (not exported). */
import {
  type CaptionTemplate,
  renderScene,
  type SceneGraph,
  type SceneObject,
  ShapesDataset,
} from '@flopmatch/data';
import type { RgbImage } from './segment-colours.js';

/** The render of `objects` at the scene's size, as an RGB image. */
export function render(scene: SceneGraph, objects: readonly SceneObject[] = scene.objects): RgbImage {
  return {
    width: scene.width,
    height: scene.height,
    channels: 3,
    data: renderScene(objects, { width: scene.width, height: scene.height }),
  };
}

/** The first scene of `template` at or after `start` in a test split. */
export function sceneOf(
  template: CaptionTemplate,
  start = 0,
  config: ConstructorParameters<typeof ShapesDataset>[0] = {},
): SceneGraph {
  const ds = new ShapesDataset({ split: 'test', seed: 7, ...config });
  for (let i = start; ; i++) {
    const scene = ds.scene(i);
    if (template === scene.template) return scene;
  }
}

/** The centre of grid cell (row, col) in an image of `size` pixels. */
export function cellCentre(size: number, row: number, col: number): { x: number; y: number } {
  return { x: ((col + 0.5) * size) / 3, y: ((row + 0.5) * size) / 3 };
}

/** A grid cell no object of `scene` occupies. */
export function freeCell(scene: SceneGraph): { row: number; col: number } {
  for (let row = 0; row < 3; row++)
    for (let col = 0; col < 3; col++)
      if (!scene.objects.some((o) => o.row === row && o.col === col)) return { row, col };
  throw new Error('no free cell');
}
