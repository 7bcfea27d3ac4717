/**
 * Config of the `shapes` dataset: frozen, serialisable data validated by zod through `parseConfig`.
 */
import { parseConfig } from '@flopmatch/core';
import { z } from 'zod';
import {
  COLOUR_NAMES,
  type ColourName,
  DEFAULT_COLOURS,
  DEFAULT_SHAPES,
  GRID_SIZE,
  SHAPE_NAMES,
  type ShapeName,
} from './vocabulary.js';

/** Size of the procedural training stream when `size` is not given: effectively infinite. */
export const SHAPES_STREAM_SIZE = 2 ** 31 - 1;
/** Size of the `test` and `heldout` splits when `size` is not given. */
export const SHAPES_EVAL_SIZE = 10_000;

/**
 * (shape, colour) pairs kept out of `train` and `test` by default: each default shape loses one default
 * colour, and each of these colours is held out once, so every shape and every colour is still seen in
 * training (compositional generalisation: only the combination is new). Pairs are drawn uniformly, so
 * red and cyan, which keep all four shapes, appear 4/3 as often in train as the other colours.
 */
export const DEFAULT_HELD_OUT_PAIRS: readonly { shape: ShapeName; colour: ColourName }[] = [
  { shape: 'circle', colour: 'green' },
  { shape: 'square', colour: 'magenta' },
  { shape: 'triangle', colour: 'blue' },
  { shape: 'cross', colour: 'yellow' },
];

const Shape = z.enum(SHAPE_NAMES);
const Colour = z.enum(COLOUR_NAMES as [ColourName, ...ColourName[]]);
const Weight = z.number().min(0);

/** The zod schema of `ShapesConfig` (every field optional on input; defaults filled). */
export const ShapesConfigSchema = z
  .strictObject({
    /** Component type, saved with the config. */
    type: z.literal('shapes').default('shapes'),
    /** Config format version. */
    version: z.literal(1).default(1),
    /**
     * Which split: `train` (held-out pairs excluded), `test` (an independent stream, same distribution as
     * train) or `heldout` (every scene has at least one object with a held-out pair). Default `train`.
     */
    split: z.enum(['train', 'test', 'heldout']).default('train'),
    /** Seed: sample i depends only on (seed, split, i). Default 0. */
    seed: z.number().int().default(0),
    /**
     * Number of samples. Default 2³¹ − 1 on `train` (an endless stream) and 10 000 on `test`/`heldout`.
     */
    size: z.number().int().positive().max(SHAPES_STREAM_SIZE).optional(),
    /** Image height = width in pixels, 16–64. Default 32. */
    resolution: z.number().int().min(16).max(64).default(32),
    /** Shapes drawn (at least 2, no repeats). Default circle, square, triangle, cross. */
    shapes: z
      .array(Shape)
      .min(2)
      .default([...DEFAULT_SHAPES]),
    /** Colours drawn, names from `COLOUR_PALETTE` (at least 2, no repeats). Default the six saturated primaries/secondaries. */
    colours: z
      .array(Colour)
      .min(2)
      .default([...DEFAULT_COLOURS]),
    /**
     * Half-extent of small and large objects as a fraction of the cell size (resolution / 3). Defaults
     * 0.24 and 0.4: at 32 px a small object spans ~5 px and a large one ~8.5 px, and a large one still
     * keeps half a pixel from its cell's border down to 16 px.
     */
    sizes: z
      .strictObject({ small: z.number().positive().default(0.24), large: z.number().positive().default(0.4) })
      .prefault({}),
    /**
     * Largest random offset of an object's centre from its cell centre, as a fraction of the cell size;
     * clamped per object so the object stays half a pixel inside its cell. Default 0.08.
     */
    jitter: z.number().min(0).max(0.5).default(0.08),
    /** Anti-aliasing samples per pixel along each axis. Default 4 (16 samples per pixel). */
    supersample: z.number().int().min(1).max(16).default(4),
    /** Most objects in one scene (1–3); scenes with 2+ objects need it ≥ 2. Default 3. */
    maxObjects: z.number().int().min(1).max(3).default(3),
    /** Relative frequency of each caption template. Default 1 : 1 : 1. */
    templates: z
      .strictObject({ single: Weight.default(1), relation: Weight.default(1), count: Weight.default(1) })
      .prefault({}),
    /** (shape, colour) pairs excluded from train and test, used by heldout. Default `DEFAULT_HELD_OUT_PAIRS`. */
    heldOutPairs: z
      .array(z.strictObject({ shape: Shape, colour: Colour }))
      .default(DEFAULT_HELD_OUT_PAIRS.map((p) => ({ ...p }))),
  })
  .superRefine((c, ctx) => {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (new Set(c.shapes).size !== c.shapes.length)
      issue(['shapes'], 'shapes repeat (fix: list each shape once)');
    if (new Set(c.colours).size !== c.colours.length)
      issue(['colours'], 'colours repeat (fix: list each colour once)');
    if (c.sizes.small >= c.sizes.large)
      issue(['sizes', 'small'], 'small must be below large (fix: e.g. small 0.24, large 0.4)');
    const cell = c.resolution / GRID_SIZE;
    const maxFraction = (cell / 2 - 0.5) / cell;
    if (c.sizes.large > maxFraction) {
      issue(
        ['sizes', 'large'],
        `a large object would not fit its ${cell.toFixed(2)} px cell with half a pixel to spare (fix: use at most ${maxFraction.toFixed(3)})`,
      );
    }
    const { single, relation, count } = c.templates;
    if (single + relation + count <= 0)
      issue(['templates'], 'all template weights are 0 (fix: give one a positive weight)');
    if (c.maxObjects < 2 && relation + count > 0) {
      issue(
        ['maxObjects'],
        'relation and count captions need 2 objects (fix: raise maxObjects or set their weights to 0)',
      );
    }
    c.heldOutPairs.forEach((p, i) => {
      if (!c.shapes.includes(p.shape))
        issue(['heldOutPairs', i, 'shape'], `'${p.shape}' is not in shapes (fix: add it or drop the pair)`);
      if (!c.colours.includes(p.colour))
        issue(
          ['heldOutPairs', i, 'colour'],
          `'${p.colour}' is not in colours (fix: add it or drop the pair)`,
        );
    });
    const held = new Set(c.heldOutPairs.map((p) => `${p.shape}/${p.colour}`));
    if (c.shapes.length * c.colours.length - held.size < 2) {
      issue(
        ['heldOutPairs'],
        'fewer than 2 (shape, colour) pairs are left for training (fix: hold out fewer pairs)',
      );
    }
    if (c.split === 'heldout' && held.size === 0)
      issue(['heldOutPairs'], "the 'heldout' split needs at least one held-out pair");
  });

/** Input accepted by the `shapes` dataset (every field optional). */
export type ShapesConfigInput = z.input<typeof ShapesConfigSchema>;
/** A validated, frozen `shapes` config with `size` resolved. */
export type ShapesConfig = Readonly<z.output<typeof ShapesConfigSchema> & { size: number }>;

/** Validates a `shapes` config, fills defaults (including the split's default size) and freezes it. */
export function parseShapesConfig(input: unknown = {}, source = 'shapes dataset config'): ShapesConfig {
  const parsed = parseConfig(ShapesConfigSchema, input, source);
  const size = parsed.size ?? (parsed.split === 'train' ? SHAPES_STREAM_SIZE : SHAPES_EVAL_SIZE);
  return parseConfig(ShapesConfigSchema, { ...parsed, size }, source) as ShapesConfig;
}
