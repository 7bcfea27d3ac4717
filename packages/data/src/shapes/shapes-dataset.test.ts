import { ConfigError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { parseShapesCaption } from './caption-grammar.js';
import { objectCoverage } from './render-scene.js';
import type { SceneGraph } from './scene-graph.js';
import { DEFAULT_HELD_OUT_PAIRS, SHAPES_EVAL_SIZE, SHAPES_STREAM_SIZE } from './shapes-config.js';
import { ShapesDataset } from './shapes-dataset.js';
import {
  COLOUR_PALETTE,
  DEFAULT_COLOURS,
  DEFAULT_SHAPES,
  POSITION_NAMES,
  RELATIONS,
  relationHolds,
} from './vocabulary.js';

const scenes = (ds: ShapesDataset, n: number, from = 0): SceneGraph[] =>
  Array.from({ length: n }, (_, i) => ds.scene(from + i));
const heldKey = new Set(DEFAULT_HELD_OUT_PAIRS.map((p) => `${p.shape}/${p.colour}`));

describe('ShapesDataset', () => {
  it('has the documented shape, sizes and frozen config', () => {
    const train = new ShapesDataset();
    expect(train.imageShape).toEqual({ height: 32, width: 32, channels: 3 });
    expect(train.size).toBe(SHAPES_STREAM_SIZE);
    expect(new ShapesDataset({ split: 'test' }).size).toBe(SHAPES_EVAL_SIZE);
    expect(train.config).toMatchObject({
      type: 'shapes',
      version: 1,
      split: 'train',
      seed: 0,
      resolution: 32,
    });
    expect(Object.isFrozen(train.config) && Object.isFrozen(train.config.sizes)).toBe(true);
    expect(JSON.parse(JSON.stringify(train.config))).toEqual(train.config);
    const s = train.get(0);
    expect(s.image.length).toBe(32 * 32 * 3);
    expect(s.caption).toBe(s.meta.caption);
  });

  it('is deterministic: sample i depends only on seed, split and i', () => {
    const a = new ShapesDataset({ seed: 3 });
    const b = new ShapesDataset({ seed: 3 });
    b.get(99);
    b.get(5);
    expect(b.get(7)).toEqual(a.get(7));
    expect(new ShapesDataset({ seed: 4 }).scene(7)).not.toEqual(a.scene(7));
    expect(new ShapesDataset({ seed: 3, split: 'test' }).scene(7)).not.toEqual(a.scene(7));
  });

  it('places 1–3 objects in distinct cells, inside their cells, never overlapping', () => {
    const ds = new ShapesDataset({ seed: 1 });
    const counts = new Set<number>();
    for (let i = 0; i < 150; i++) {
      const scene = ds.scene(i);
      counts.add(scene.objects.length);
      const cell = scene.width / 3;
      const cells = new Set(scene.objects.map((o) => o.row * 3 + o.col));
      expect(cells.size).toBe(scene.objects.length);
      for (const o of scene.objects) {
        expect(o.centre.x - o.radius).toBeGreaterThanOrEqual(o.col * cell + 0.5 - 1e-9);
        expect(o.centre.x + o.radius).toBeLessThanOrEqual((o.col + 1) * cell - 0.5 + 1e-9);
        expect(o.centre.y - o.radius).toBeGreaterThanOrEqual(o.row * cell + 0.5 - 1e-9);
        expect(o.centre.y + o.radius).toBeLessThanOrEqual((o.row + 1) * cell - 0.5 + 1e-9);
      }
      const covered = new Uint8Array(scene.width * scene.height);
      for (const o of scene.objects) {
        objectCoverage(o, { width: scene.width, height: scene.height }).forEach((c, p) => {
          if (c > 0) covered[p]! += 1;
        });
      }
      expect(Math.max(...covered)).toBeLessThanOrEqual(1);
    }
    expect([...counts].sort()).toEqual([1, 2, 3]);
  });

  it('draws each object in its palette colour at its centre, and black far from objects', () => {
    const ds = new ShapesDataset({ seed: 2 });
    for (let i = 0; i < 60; i++) {
      const { image, meta } = ds.get(i);
      for (const o of meta.objects) {
        const p = (Math.floor(o.centre.y) * meta.width + Math.floor(o.centre.x)) * 3;
        const pixel = Array.from(image.slice(p, p + 3));
        const rgb = COLOUR_PALETTE[o.colour];
        if (o.shape === 'circle' || o.shape === 'square') {
          // Every point of the pixel holding the centre is within √2 px of it, and the radius is ≥ 2.56 px.
          expect(pixel).toEqual(rgb.map((c) => c / 127.5 - 1));
        } else {
          // Triangles and crosses may only partly cover it: zero channels stay black, the others are lit.
          rgb.forEach((c, ch) => {
            if (c === 0) expect(pixel[ch]).toBe(-1);
            else expect(pixel[ch]).toBeGreaterThan(-0.5);
          });
        }
      }
      const occupied = new Set(meta.objects.map((o) => o.row * 3 + o.col));
      const corners = [
        [0, 0, 0],
        [31, 0, 2],
        [0, 31, 6],
        [31, 31, 8],
      ] as const;
      for (const [x, y, cell] of corners) {
        if (!occupied.has(cell))
          expect(Array.from(image.slice((y * 32 + x) * 3, (y * 32 + x) * 3 + 3))).toEqual([-1, -1, -1]);
      }
      // Pixels outside every object's box are exactly black.
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 32; x++) {
          const inBox = meta.objects.some(
            (o) =>
              x + 1 > o.centre.x - o.radius &&
              x < o.centre.x + o.radius &&
              y + 1 > o.centre.y - o.radius &&
              y < o.centre.y + o.radius,
          );
          if (!inBox)
            expect(
              image[(y * 32 + x) * 3]! + image[(y * 32 + x) * 3 + 1]! + image[(y * 32 + x) * 3 + 2]!,
            ).toBe(-3);
        }
      }
    }
  });

  it('captions parse back to exactly the scene graph clauses, and every clause is true of the scene', () => {
    const ds = new ShapesDataset({ seed: 5 });
    for (const scene of scenes(ds, 300)) {
      expect(parseShapesCaption(scene.caption)).toEqual({ template: scene.template, clauses: scene.clauses });
      const mentioned = new Set<number>();
      for (const c of scene.clauses) {
        if (c.kind === 'object') {
          const o = scene.objects[c.object]!;
          mentioned.add(c.object);
          expect([o.shape, o.colour]).toEqual([c.shape, c.colour]);
          if (c.size) expect(o.size).toBe(c.size);
          if (c.cell) expect({ row: o.row, col: o.col }).toEqual(c.cell);
        } else if (c.kind === 'relation') {
          expect(relationHolds(c.relation, scene.objects[c.subject]!, scene.objects[c.object]!)).toBe(true);
        } else {
          const matching = scene.objects.filter((o) => o.shape === c.shape && o.colour === c.colour);
          expect(matching.length).toBe(c.count);
          for (const i of c.objects) mentioned.add(i);
        }
      }
      expect(mentioned.size).toBe(scene.objects.length); // every drawn object is mentioned
      if (scene.template === 'relation') {
        const [a, b] = scene.objects;
        expect(`${a!.shape}/${a!.colour}`).not.toBe(`${b!.shape}/${b!.colour}`);
      }
    }
  });

  it('covers every template, relation, count, position, shape, colour and size in a few hundred samples', () => {
    const all = scenes(new ShapesDataset({ seed: 6 }), 600);
    const seen = new Set<string>();
    for (const s of all) {
      seen.add(`template:${s.template}`);
      for (const o of s.objects) seen.add(`shape:${o.shape}`).add(`colour:${o.colour}`).add(`size:${o.size}`);
      for (const c of s.clauses) {
        if (c.kind === 'relation') seen.add(`relation:${c.relation}`);
        if (c.kind === 'count') seen.add(`count:${c.count}`);
        if (c.kind === 'object' && c.cell) seen.add(`position:${POSITION_NAMES[c.cell.row]![c.cell.col]}`);
        if (c.kind === 'object' && s.template === 'relation')
          seen.add(`relation-sizes:${c.size !== undefined}`);
      }
    }
    const expected = [
      ...['single', 'relation', 'count'].map((t) => `template:${t}`),
      ...RELATIONS.map((r) => `relation:${r}`),
      'count:2',
      'count:3',
      ...POSITION_NAMES.flat().map((p) => `position:${p}`),
      ...DEFAULT_SHAPES.map((s) => `shape:${s}`),
      ...DEFAULT_COLOURS.map((c) => `colour:${c}`),
      'size:small',
      'size:large',
      'relation-sizes:true',
      'relation-sizes:false',
    ];
    for (const e of expected) expect(seen, e).toContain(e);
  });

  it('keeps held-out (shape, colour) pairs out of train and test, and puts one in every heldout scene', () => {
    for (const split of ['train', 'test'] as const) {
      for (const s of scenes(new ShapesDataset({ seed: 7, split }), 2000)) {
        expect(s.heldOut).toBe(false);
        for (const o of s.objects) expect(heldKey.has(`${o.shape}/${o.colour}`)).toBe(false);
      }
    }
    const held = scenes(new ShapesDataset({ seed: 7, split: 'heldout' }), 500);
    const pairsSeen = new Set<string>();
    for (const s of held) {
      expect(s.heldOut).toBe(true);
      const hits = s.objects.filter((o) => heldKey.has(`${o.shape}/${o.colour}`));
      expect(hits.length).toBeGreaterThan(0);
      for (const o of hits) pairsSeen.add(`${o.shape}/${o.colour}`);
    }
    expect(pairsSeen).toEqual(heldKey);
  });

  it('works with a single held-out pair on the heldout split (the forced pair is drawn first)', () => {
    const ds = new ShapesDataset({
      split: 'heldout',
      heldOutPairs: [{ shape: 'circle', colour: 'red' }],
      templates: { single: 0, count: 0 },
    });
    for (const s of scenes(ds, 200))
      expect(s.objects.some((o) => o.shape === 'circle' && o.colour === 'red')).toBe(true);
  });

  it('honours resolution, vocabulary and maxObjects', () => {
    const ds = new ShapesDataset({
      resolution: 16,
      shapes: ['diamond', 'ring'],
      colours: ['orange', 'white'],
      heldOutPairs: [],
      maxObjects: 2,
    });
    expect(ds.get(0).image.length).toBe(16 * 16 * 3);
    for (const s of scenes(ds, 100)) {
      expect(s.objects.length).toBeLessThanOrEqual(2);
      for (const o of s.objects) {
        expect(['diamond', 'ring']).toContain(o.shape);
        expect(['orange', 'white']).toContain(o.colour);
      }
    }
  });

  it('rejects bad configs naming the field and the fix', () => {
    expect(() => new ShapesDataset({ resolution: 100 })).toThrow(ConfigError);
    expect(() => new ShapesDataset({ resolution: 100 })).toThrow(/resolution = 100/);
    expect(() => new ShapesDataset({ colours: ['red', 'purple' as 'red'] })).toThrow(
      /colours\[1\] = "purple"/,
    );
    expect(() => new ShapesDataset({ sizes: { large: 0.49 } })).toThrow(
      /sizes.large = 0.49: .*use at most 0.453/,
    );
    expect(
      () =>
        new ShapesDataset({
          shapes: ['circle', 'square'],
          heldOutPairs: [{ shape: 'cross', colour: 'red' }],
        }),
    ).toThrow(/heldOutPairs\[0\].shape = "cross": 'cross' is not in shapes/);
    expect(() => new ShapesDataset({ maxObjects: 1 })).toThrow(
      /maxObjects = 1: relation and count captions need 2 objects/,
    );
    expect(() => new ShapesDataset({ colour: 'red' } as never)).toThrow(/remove or correct 'colour'/);
    expect(() => new ShapesDataset().get(-1)).toThrow(/index -1 is outside/);
  });
});
