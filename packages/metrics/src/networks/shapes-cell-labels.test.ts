import { type SceneGraph, ShapesDataset } from '@flopmatch/data';
import { describe, expect, it } from 'vitest';
import { IGNORE_LABEL } from './cross-entropy.js';
import {
  cellLogitWidth,
  decodeCellLogits,
  objectsOf,
  shapesAttributeAccuracy,
  shapesCellLabels,
} from './shapes-cell-labels.js';

const vocab = {
  shapes: ['circle', 'square', 'triangle', 'cross'],
  colours: ['red', 'green', 'blue'],
  sizes: ['small', 'large'],
  grid: 3,
};

function scene(
  objects: { shape: string; colour: string; size: string; row: number; col: number }[],
): SceneGraph {
  return { objects } as unknown as SceneGraph;
}

/** Logits that encode `labels` exactly (a 1 at each chosen class). */
function logitsFor(labels: { shape: Int32Array; colour: Int32Array; size: Int32Array }): Float32Array {
  const width = cellLogitWidth(vocab);
  const out = new Float32Array(labels.shape.length * width);
  labels.shape.forEach((s, r) => {
    out[r * width + s] = 1;
    out[r * width + 5 + Math.max(labels.colour[r]!, 0)] = 1;
    out[r * width + 8 + Math.max(labels.size[r]!, 0)] = 1;
  });
  return out;
}

describe('shapes cell labels', () => {
  it('puts each object in its cell (0 = empty) and ignores colour/size of empty cells', () => {
    const s = scene([
      { shape: 'triangle', colour: 'blue', size: 'large', row: 0, col: 2 },
      { shape: 'circle', colour: 'red', size: 'small', row: 2, col: 0 },
    ]);
    const labels = shapesCellLabels([s], vocab);
    expect(Array.from(labels.shape)).toEqual([0, 0, 3, 0, 0, 0, 1, 0, 0]);
    expect(Array.from(labels.colour)).toEqual([-1, -1, 2, -1, -1, -1, 0, -1, -1]);
    expect(labels.size[2]).toBe(1);
    expect(labels.size[0]).toBe(IGNORE_LABEL);
    expect(cellLogitWidth(vocab)).toBe(1 + 4 + 3 + 2);
  });

  it('decodes logits back to the objects, in row-major cell order', () => {
    const s = scene([{ shape: 'cross', colour: 'green', size: 'small', row: 1, col: 1 }]);
    const decoded = decodeCellLogits(logitsFor(shapesCellLabels([s], vocab)), 1, vocab);
    expect(objectsOf(decoded, 0, vocab)).toEqual([
      { row: 1, col: 1, shape: 'cross', colour: 'green', size: 'small' },
    ]);
  });

  it('scores per object and per scene: one wrong colour in 3 objects of 2 scenes', () => {
    const scenes = [
      scene([
        { shape: 'circle', colour: 'red', size: 'small', row: 0, col: 0 },
        { shape: 'square', colour: 'green', size: 'large', row: 1, col: 1 },
      ]),
      scene([{ shape: 'triangle', colour: 'blue', size: 'large', row: 2, col: 2 }]),
    ];
    const truth = shapesCellLabels(scenes, vocab);
    const predicted = { shape: truth.shape.slice(), colour: truth.colour.slice(), size: truth.size.slice() };
    predicted.colour[4] = 0; // scene 0's square read as red
    predicted.shape[9 + 3] = 2; // scene 1: a phantom square in cell (1, 0)
    const acc = shapesAttributeAccuracy(predicted, truth, vocab);
    expect(acc).toMatchObject({
      objects: 3,
      scenes: 2,
      shape: 1,
      size: 1,
      position: 0.5,
      count: 0.5,
      scene: 0,
    });
    expect(acc.colour).toBeCloseTo(2 / 3, 12);
    expect(shapesAttributeAccuracy(truth, truth, vocab)).toMatchObject({
      shape: 1,
      colour: 1,
      size: 1,
      position: 1,
      count: 1,
      scene: 1,
    });
  });

  it('labels real shapes scenes and refuses words outside the vocabulary', () => {
    const sample = new ShapesDataset({
      split: 'test',
      colours: ['red', 'green', 'blue'],
      heldOutPairs: [],
    }).get(0);
    const labels = shapesCellLabels([sample.meta], vocab);
    expect(Array.from(labels.shape).filter((v) => v !== 0).length).toBe(sample.meta.objects.length);
    expect(() =>
      shapesCellLabels([scene([{ shape: 'ring', colour: 'red', size: 'small', row: 0, col: 0 }])], vocab),
    ).toThrow(/shape 'ring', which the network's vocabulary \(circle, square, triangle, cross\) lacks/);
  });
});
