/**
 * Targets and predictions of the `shapes` attribute heads. Every scene of 1–3 objects is described cell by
 * cell on the 3 × 3 layout grid: each cell is empty or holds one object with a shape, a colour and a size.
 * The per-cell description is well-defined however many objects there are, and the presence of each
 * attribute value, the positions and the count all follow from it.
 */
import type { SceneGraph } from '@flopmatch/data';
import { MetricInputError } from '../errors.js';
import { argmaxRows, IGNORE_LABEL } from './cross-entropy.js';

/** The vocabulary of the per-cell heads (the `head` of a `shapes-cells` config). */
export interface ShapesCellVocabulary {
  shapes: readonly string[];
  colours: readonly string[];
  sizes: readonly string[];
  grid: number;
}

/** Per-cell labels of N scenes, each array [N · grid²] in row-major cell order. */
export interface ShapesCellLabels {
  /** 0 = empty, 1 + index into `shapes` otherwise. */
  shape: Int32Array;
  /** Index into `colours`, `IGNORE_LABEL` for empty cells. */
  colour: Int32Array;
  /** Index into `sizes`, `IGNORE_LABEL` for empty cells. */
  size: Int32Array;
}

/** Logits per cell: shape classes (1 + S), then colours (K), then sizes (Z). */
export function cellLogitWidth(vocab: ShapesCellVocabulary): number {
  return 1 + vocab.shapes.length + vocab.colours.length + vocab.sizes.length;
}

function indexOf(list: readonly string[], value: string, what: string, scene: number): number {
  const i = list.indexOf(value);
  if (i < 0) {
    throw new MetricInputError(
      `scene ${scene} has ${what} '${value}', which the network's vocabulary (${list.join(', ')}) lacks`,
      'evaluate with a network trained on the same shapes vocabulary',
    );
  }
  return i;
}

/**
 * Labels of `scenes` on the grid.
 *
 * @example
 * const labels = shapesCellLabels([dataset.get(0).meta], vocab); // labels.shape.length === 9
 */
export function shapesCellLabels(
  scenes: readonly SceneGraph[],
  vocab: ShapesCellVocabulary,
): ShapesCellLabels {
  const cells = vocab.grid * vocab.grid;
  const shape = new Int32Array(scenes.length * cells);
  const colour = new Int32Array(scenes.length * cells).fill(IGNORE_LABEL);
  const size = new Int32Array(scenes.length * cells).fill(IGNORE_LABEL);
  scenes.forEach((scene, s) => {
    for (const o of scene.objects) {
      if (!(o.row >= 0 && o.row < vocab.grid && o.col >= 0 && o.col < vocab.grid)) {
        throw new MetricInputError(
          `scene ${s}: object at cell (${o.row}, ${o.col}) is outside the ${vocab.grid}×${vocab.grid} grid`,
        );
      }
      const c = s * cells + o.row * vocab.grid + o.col;
      shape[c] = 1 + indexOf(vocab.shapes, o.shape, 'shape', s);
      colour[c] = indexOf(vocab.colours, o.colour, 'colour', s);
      size[c] = indexOf(vocab.sizes, o.size, 'size', s);
    }
  });
  return { shape, colour, size };
}

/** One object the heads see. */
export interface PredictedObject {
  row: number;
  col: number;
  shape: string;
  colour: string;
  size: string;
}

/**
 * Argmax per cell of logits [N · grid², width] → the same layout as `ShapesCellLabels` (colour and size
 * are predicted for every cell; they mean something only where the shape is not empty).
 */
export function decodeCellLogits(
  logits: ArrayLike<number>,
  scenes: number,
  vocab: ShapesCellVocabulary,
): ShapesCellLabels {
  const rows = scenes * vocab.grid * vocab.grid;
  const width = cellLogitWidth(vocab);
  const S = vocab.shapes.length + 1;
  const K = vocab.colours.length;
  const pick = (offset: number, k: number) => argmaxRows(logits, rows, k, offset, width);
  return { shape: pick(0, S), colour: pick(S, K), size: pick(S + K, vocab.sizes.length) };
}

/** The objects of scene `index` in decoded labels, in row-major cell order. */
export function objectsOf(
  labels: ShapesCellLabels,
  index: number,
  vocab: ShapesCellVocabulary,
): PredictedObject[] {
  const cells = vocab.grid * vocab.grid;
  const out: PredictedObject[] = [];
  for (let c = 0; c < cells; c++) {
    const k = index * cells + c;
    const shape = labels.shape[k]!;
    if (shape === 0) continue;
    out.push({
      row: Math.floor(c / vocab.grid),
      col: c % vocab.grid,
      shape: vocab.shapes[shape - 1]!,
      colour: vocab.colours[labels.colour[k]!]!,
      size: vocab.sizes[labels.size[k]!]!,
    });
  }
  return out;
}

/** Held-out accuracy of the attribute heads (fractions in [0, 1]). */
export interface ShapesAttributeAccuracy {
  /** Objects whose shape is read correctly at their cell. */
  shape: number;
  /** Objects whose colour is read correctly. */
  colour: number;
  /** Objects whose size is read correctly. */
  size: number;
  /** Scenes whose set of occupied cells is exactly right. */
  position: number;
  /** Scenes whose object count is right. */
  count: number;
  /** Scenes read entirely right (every cell's shape, and colour and size of every object). */
  scene: number;
  /** Objects scored. */
  objects: number;
  /** Scenes scored. */
  scenes: number;
}

/**
 * Compares predicted labels with the truth.
 *
 * @example
 * const acc = shapesAttributeAccuracy(decodeCellLogits(logits, n, vocab), shapesCellLabels(scenes, vocab), vocab);
 */
export function shapesAttributeAccuracy(
  predicted: ShapesCellLabels,
  truth: ShapesCellLabels,
  vocab: ShapesCellVocabulary,
): ShapesAttributeAccuracy {
  const cells = vocab.grid * vocab.grid;
  const scenes = truth.shape.length / cells;
  let objects = 0;
  const right = { shape: 0, colour: 0, size: 0, position: 0, count: 0, scene: 0 };
  for (let s = 0; s < scenes; s++) {
    let positionOk = true;
    let sceneOk = true;
    let trueCount = 0;
    let predictedCount = 0;
    for (let c = 0; c < cells; c++) {
      const k = s * cells + c;
      const t = truth.shape[k]!;
      const p = predicted.shape[k]!;
      if (t !== 0) trueCount++;
      if (p !== 0) predictedCount++;
      if ((t === 0) !== (p === 0)) positionOk = false;
      if (t === 0) {
        if (p !== 0) sceneOk = false;
        continue;
      }
      objects++;
      const ok = {
        shape: p === t,
        colour: predicted.colour[k] === truth.colour[k],
        size: predicted.size[k] === truth.size[k],
      };
      right.shape += Number(ok.shape);
      right.colour += Number(ok.colour);
      right.size += Number(ok.size);
      if (!(ok.shape && ok.colour && ok.size)) sceneOk = false;
    }
    right.position += Number(positionOk);
    right.count += Number(trueCount === predictedCount);
    right.scene += Number(sceneOk && positionOk);
  }
  const perObject = (v: number) => (objects === 0 ? 1 : v / objects);
  const perScene = (v: number) => (scenes === 0 ? 1 : v / scenes);
  return {
    shape: perObject(right.shape),
    colour: perObject(right.colour),
    size: perObject(right.size),
    position: perScene(right.position),
    count: perScene(right.count),
    scene: perScene(right.scene),
    objects,
    scenes,
  };
}
