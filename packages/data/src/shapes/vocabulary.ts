/**
 * The words of the `shapes` world: shapes, the colour palette, sizes, grid positions, relations and
 * number words. Captions are built from these and only these, so a rule-based checker can parse them back.
 */

/** Every shape the renderer can draw. The first four are the default vocabulary. */
export const SHAPE_NAMES = ['circle', 'square', 'triangle', 'cross', 'diamond', 'ring'] as const;
/** A shape name. */
export type ShapeName = (typeof SHAPE_NAMES)[number];
/** Shapes used when a config does not list its own. */
export const DEFAULT_SHAPES: readonly ShapeName[] = ['circle', 'square', 'triangle', 'cross'];

/** Plural of each shape, for count captions ("two green crosses"). */
export const SHAPE_PLURALS: Readonly<Record<ShapeName, string>> = {
  circle: 'circles',
  square: 'squares',
  triangle: 'triangles',
  cross: 'crosses',
  diamond: 'diamonds',
  ring: 'rings',
};

/**
 * The colour palette: saturated sRGB values, pairwise at least 127 apart in at least one channel (so a
 * checker can classify a pixel by nearest palette colour). The first six are the default vocabulary.
 */
export const COLOUR_PALETTE = {
  red: [255, 0, 0],
  green: [0, 255, 0],
  blue: [0, 0, 255],
  yellow: [255, 255, 0],
  magenta: [255, 0, 255],
  cyan: [0, 255, 255],
  orange: [255, 128, 0],
  white: [255, 255, 255],
} as const satisfies Record<string, readonly [number, number, number]>;
/** A colour name. */
export type ColourName = keyof typeof COLOUR_PALETTE;
/** Every colour name, in palette order. */
export const COLOUR_NAMES = Object.keys(COLOUR_PALETTE) as ColourName[];
/** Colours used when a config does not list its own. */
export const DEFAULT_COLOURS: readonly ColourName[] = ['red', 'green', 'blue', 'yellow', 'magenta', 'cyan'];

/** Object sizes; the pixel half-extent of each comes from the config (`sizes`). */
export const SIZE_NAMES = ['small', 'large'] as const;
/** A size name. */
export type SizeName = (typeof SIZE_NAMES)[number];

/** Grid rows (0 = top) and columns (0 = left) of the 3 × 3 layout. */
export const GRID_SIZE = 3;

/** Position phrase of each grid cell, `POSITION_NAMES[row][col]`, used as "at the <phrase>". */
export const POSITION_NAMES: readonly (readonly string[])[] = [
  ['top left', 'top', 'top right'],
  ['left', 'centre', 'right'],
  ['bottom left', 'bottom', 'bottom right'],
];

/**
 * Spatial relations between two objects A and B, read "A <relation> B", decided by grid cells only:
 * `left of`: colA < colB; `right of`: colA > colB; `above`: rowA < rowB; `below`: rowA > rowB.
 */
export const RELATIONS = ['left of', 'right of', 'above', 'below'] as const;
/** A relation phrase. */
export type Relation = (typeof RELATIONS)[number];

/** Whether `relation` holds between cells a and b (the definition a checker must use). */
export function relationHolds(
  relation: Relation,
  a: { row: number; col: number },
  b: { row: number; col: number },
): boolean {
  switch (relation) {
    case 'left of':
      return a.col < b.col;
    case 'right of':
      return a.col > b.col;
    case 'above':
      return a.row < b.row;
    case 'below':
      return a.row > b.row;
  }
}

/** Number words used by count captions, indexed by the count. */
export const NUMBER_WORDS: Readonly<Record<number, string>> = { 2: 'two', 3: 'three' };
