/**
 * The ground truth of one `shapes` sample, stored in `DataSample.meta`. The rule-based prompt checker in
 * `@flopmatch/metrics` reads exactly this type; its meaning is fixed by `version` and changes only with it.
 *
 * Coordinates: pixel (x, y) covers the square [x, x + 1) × [y, y + 1) with x to the right and y down, so
 * the image spans [0, width) × [0, height) and pixel (x, y) has its centre at (x + 0.5, y + 0.5). The image
 * is divided into a 3 × 3 grid of equal cells (cell size width / 3 by height / 3, not rounded); row 0 is the
 * top, column 0 the left.
 *
 * Guarantees of every scene: 1–3 objects, at most one per cell; each object lies inside its own cell at
 * least half a pixel from the cell's border, so objects never overlap or touch; the background is black
 * (0, 0, 0); every object in the scene is mentioned by the caption (nothing unmentioned is drawn).
 */
import type { ColourName, Relation, ShapeName, SizeName } from './vocabulary.js';

/** A grid cell: row 0..2 from the top, col 0..2 from the left. */
export interface Cell {
  row: number;
  col: number;
}

/** One drawn object. */
export interface SceneObject {
  shape: ShapeName;
  colour: ColourName;
  size: SizeName;
  /** The grid cell that contains the whole object. */
  row: number;
  col: number;
  /** Centre in continuous pixel coordinates (x right, y down; see the file header). */
  centre: { x: number; y: number };
  /**
   * Half-extent in pixels: the shape fits exactly in the square [x − radius, x + radius] × [y − radius,
   * y + radius] (a circle's radius, a square's half side, …).
   */
  radius: number;
}

/**
 * Which caption template produced the caption:
 * - `single`: "a small red circle at the top left" (one object; shape, colour, size and cell asserted);
 * - `relation`: "a blue square left of a yellow triangle", optionally with sizes ("a large blue square
 *   left of a small yellow triangle"); shape and colour of both objects and one relation asserted;
 * - `count`: "two green crosses" (2–3 objects of one shape and colour; sizes and cells not asserted).
 */
export type CaptionTemplate = 'single' | 'relation' | 'count';

/**
 * One assertion the caption makes. Object indices point into `SceneGraph.objects`, which lists objects in
 * the order the caption mentions them (so `parseShapesCaption(caption).clauses` equals these clauses).
 */
export type CaptionClause =
  | {
      kind: 'object';
      /** Index into `objects`. */
      object: number;
      shape: ShapeName;
      colour: ColourName;
      /** Present only when the caption names the size. */
      size?: SizeName;
      /** Present only when the caption names the position. */
      cell?: Cell;
    }
  | {
      kind: 'relation';
      /** "objects[subject] <relation> objects[object]", decided by cells (see `relationHolds`). */
      relation: Relation;
      subject: number;
      object: number;
    }
  | {
      kind: 'count';
      /** The image holds exactly `count` objects of this shape and colour (and nothing else). */
      count: number;
      shape: ShapeName;
      colour: ColourName;
      /** Indices into `objects` of the counted objects. */
      objects: number[];
    };

/** The scene graph of one sample (`DataSample.meta` on the `shapes` dataset). */
export interface SceneGraph {
  /** Format version of this type; the checker refuses versions it does not know. */
  version: 1;
  width: number;
  height: number;
  template: CaptionTemplate;
  /** The caption (also `DataSample.caption`). */
  caption: string;
  /** Every object drawn, in the order the caption mentions them. */
  objects: SceneObject[];
  /** Every assertion the caption makes, in caption order. */
  clauses: CaptionClause[];
  /** True when some object has a (shape, colour) pair held out of training (always false on train/test). */
  heldOut: boolean;
}
