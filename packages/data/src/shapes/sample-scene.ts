/**
 * Draws one `shapes` scene graph (objects, caption clauses, caption) from a random source. Rendering is
 * separate (`render-scene.ts`), so the checker and tests can reason about scenes without pixels.
 *
 * Steps: (1) pick a caption template by weight; (2) pick the number of objects; (3) give them distinct
 * grid cells; (4) give them (shape, colour) pairs allowed by the split; (5) sizes; (6) jittered centres
 * inside the cells; (7) the clauses the caption asserts; (8) the caption text.
 */
import type { RandomSource } from '@flopmatch/core';
import { captionFromClauses } from './caption-grammar.js';
import type { CaptionClause, CaptionTemplate, SceneGraph, SceneObject } from './scene-graph.js';
import type { ShapesConfig } from './shapes-config.js';
import {
  type ColourName,
  GRID_SIZE,
  RELATIONS,
  relationHolds,
  type ShapeName,
  SIZE_NAMES,
} from './vocabulary.js';

/** A (shape, colour) combination. */
export interface ShapeColourPair {
  shape: ShapeName;
  colour: ColourName;
}

/** Every (shape, colour) pair of the config, split into held-out pairs and pairs allowed in train/test. */
export function pairPools(config: ShapesConfig): {
  all: ShapeColourPair[];
  train: ShapeColourPair[];
  heldOut: ShapeColourPair[];
} {
  const held = new Set(config.heldOutPairs.map((p) => `${p.shape}/${p.colour}`));
  const all: ShapeColourPair[] = [];
  for (const shape of config.shapes) for (const colour of config.colours) all.push({ shape, colour });
  return {
    all,
    train: all.filter((p) => !held.has(`${p.shape}/${p.colour}`)),
    heldOut: all.filter((p) => held.has(`${p.shape}/${p.colour}`)),
  };
}

function pickTemplate(rng: RandomSource, config: ShapesConfig): CaptionTemplate {
  const weights: [CaptionTemplate, number][] = [
    ['single', config.templates.single],
    ['relation', config.maxObjects >= 2 ? config.templates.relation : 0],
    ['count', config.maxObjects >= 2 ? config.templates.count : 0],
  ];
  const total = weights.reduce((s, [, w]) => s + w, 0);
  let x = rng.uniform() * total;
  for (const [name, w] of weights) {
    if (w > 0 && x < w) return name;
    x -= w;
  }
  return weights.filter(([, w]) => w > 0).at(-1)![0];
}

function pick<T>(rng: RandomSource, items: readonly T[]): T {
  return items[rng.int(items.length)]!;
}

const samePair = (a: ShapeColourPair, b: ShapeColourPair) => a.shape === b.shape && a.colour === b.colour;

/**
 * Draws one scene. Deterministic in the random source's stream.
 *
 * @example
 * const scene = sampleScene(new Rng('shapes/0/train/17'), parseShapesConfig());
 * scene.caption; // e.g. 'a large cyan triangle at the bottom right'
 */
export function sampleScene(rng: RandomSource, config: ShapesConfig): SceneGraph {
  const pools = pairPools(config);
  const heldOutSplit = config.split === 'heldout';
  // 1. template
  const template = pickTemplate(rng, config);
  // 2. number of objects
  const n = template === 'single' ? 1 : template === 'relation' ? 2 : 2 + rng.int(config.maxObjects - 1);
  // 3. distinct cells: a partial Fisher–Yates shuffle of the 9 cell indices
  const cells = Array.from({ length: GRID_SIZE * GRID_SIZE }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    const j = i + rng.int(cells.length - i);
    [cells[i], cells[j]] = [cells[j]!, cells[i]!];
  }
  // 4. (shape, colour) pairs; on `heldout` one object (all, for count) gets a held-out pair
  const pairs: ShapeColourPair[] = [];
  if (template === 'count') {
    const pair = pick(rng, heldOutSplit ? pools.heldOut : pools.train);
    for (let i = 0; i < n; i++) pairs.push(pair);
  } else {
    const forced = heldOutSplit ? rng.int(n) : -1;
    // The forced object draws first, so a one-pair held-out pool can never be taken by another object.
    const order =
      forced > 0
        ? [forced, ...Array.from({ length: n }, (_, i) => i).filter((i) => i !== forced)]
        : [...Array(n).keys()];
    const drawn: ShapeColourPair[] = new Array(n);
    for (const i of order) {
      const pool = i === forced ? pools.heldOut : heldOutSplit ? pools.all : pools.train;
      let pair = pick(rng, pool);
      // Relation captions name two different (shape, colour) pairs, so each refers to one object.
      while (drawn.some((p) => p !== undefined && samePair(p, pair))) pair = pick(rng, pool);
      drawn[i] = pair;
    }
    pairs.push(...drawn);
  }
  // 5–6. sizes and jittered centres
  const cellSize = config.resolution / GRID_SIZE;
  const objects: SceneObject[] = pairs.map((pair, i) => {
    const size = SIZE_NAMES[rng.int(SIZE_NAMES.length)]!;
    const radius = config.sizes[size] * cellSize;
    const row = Math.floor(cells[i]! / GRID_SIZE);
    const col = cells[i]! % GRID_SIZE;
    const reach = Math.max(0, Math.min(config.jitter * cellSize, cellSize / 2 - radius - 0.5));
    const x = (col + 0.5) * cellSize + (2 * rng.uniform() - 1) * reach;
    const y = (row + 0.5) * cellSize + (2 * rng.uniform() - 1) * reach;
    return { shape: pair.shape, colour: pair.colour, size, row, col, centre: { x, y }, radius };
  });
  // 7. clauses
  let clauses: CaptionClause[];
  if (template === 'single') {
    const o = objects[0]!;
    clauses = [
      {
        kind: 'object',
        object: 0,
        shape: o.shape,
        colour: o.colour,
        size: o.size,
        cell: { row: o.row, col: o.col },
      },
    ];
  } else if (template === 'relation') {
    const [a, b] = [objects[0]!, objects[1]!];
    const holding = RELATIONS.filter((r) => relationHolds(r, a, b));
    const relation = pick(rng, holding);
    const withSizes = rng.uniform() < 0.5;
    clauses = objects.map((o, i) => ({
      kind: 'object' as const,
      object: i,
      shape: o.shape,
      colour: o.colour,
      ...(withSizes ? { size: o.size } : {}),
    }));
    clauses.push({ kind: 'relation', relation, subject: 0, object: 1 });
  } else {
    const o = objects[0]!;
    clauses = [
      { kind: 'count', count: n, shape: o.shape, colour: o.colour, objects: objects.map((_, i) => i) },
    ];
  }
  // 8. caption
  const held = new Set(pools.heldOut.map((p) => `${p.shape}/${p.colour}`));
  return {
    version: 1,
    width: config.resolution,
    height: config.resolution,
    template,
    caption: captionFromClauses(template, clauses),
    objects,
    clauses,
    heldOut: objects.some((o) => held.has(`${o.shape}/${o.colour}`)),
  };
}
