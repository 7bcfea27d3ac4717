import { ShapesDataset } from '@flopmatch/data';
import { describe, expect, it } from 'vitest';
import { checkPrompt } from './check-prompt.js';
import { promptAccuracy } from './prompt-accuracy.js';
import { cellCentre, freeCell, render, sceneOf } from './test-scenes.js';

describe('promptAccuracy on ground-truth renders', () => {
  it('scores 100% on every template and check (test and held-out splits)', () => {
    for (const split of ['test', 'heldout'] as const) {
      const ds = new ShapesDataset({ split, seed: 11 });
      const samples = Array.from({ length: 90 }, (_, i) => ds.get(i));
      const report = promptAccuracy(
        samples.map((s) => ({ width: 32, height: 32, channels: 3, data: s.image })),
        samples.map((s) => s.meta),
      );
      expect(report.overall).toEqual({ name: 'prompt-accuracy', value: 1, n: 90 });
      for (const t of ['single', 'relation', 'count'] as const) expect(report.perTemplate[t]?.value).toBe(1);
      for (const c of ['present', 'colour', 'size', 'position', 'relation', 'count'] as const)
        expect(report.perCheck[c]?.value).toBe(1);
      expect(report.perCheck.present!.n).toBeGreaterThan(30);
    }
  });

  it('accepts captions as text and byte images', () => {
    const scene = sceneOf('relation');
    const image = render(scene);
    const bytes = Uint8Array.from(image.data as Float32Array, (v) => Math.round((v + 1) * 127.5));
    const r = checkPrompt({ ...image, data: bytes }, scene.caption);
    expect(r.correct).toBe(true);
    expect(r.clauses.map((c) => c.clause)).toEqual(scene.clauses);
  });
});

describe('checkPrompt on perturbed renders', () => {
  it('a wrong colour fails the colour check but not presence', () => {
    const scene = sceneOf('single');
    const other = scene.objects[0]!.colour === 'red' ? 'blue' : 'red';
    const r = checkPrompt(render(scene, [{ ...scene.objects[0]!, colour: other }]), scene);
    expect(r.correct).toBe(false);
    expect(r.clauses[0]!.checks).toMatchObject({
      present: true,
      colour: false,
      size: false,
      position: false,
    });
  });

  it('a wrong shape fails presence', () => {
    const scene = sceneOf('single');
    const other = scene.objects[0]!.shape === 'square' ? 'circle' : 'square';
    const r = checkPrompt(render(scene, [{ ...scene.objects[0]!, shape: other }]), scene);
    expect(r.clauses[0]!.checks.present).toBe(false);
    expect(r.clauses[0]!.pass).toBe(false);
  });

  it('a wrong size fails only the size check (and the position check that builds on it)', () => {
    const scene = sceneOf('single');
    const o = scene.objects[0]!;
    const size = o.size === 'small' ? 'large' : 'small';
    const radius = (size === 'small' ? 0.24 : 0.4) * (32 / 3);
    const r = checkPrompt(
      render(scene, [{ ...o, size, radius, centre: cellCentre(32, o.row, o.col) }]),
      scene,
    );
    expect(r.clauses[0]!.checks).toMatchObject({ present: true, colour: true, size: false });
  });

  it('a wrong position fails only the position check', () => {
    const scene = sceneOf('single');
    const o = scene.objects[0]!;
    const cell = { row: (o.row + 1) % 3, col: o.col };
    const r = checkPrompt(
      render(scene, [{ ...o, ...cell, centre: cellCentre(32, cell.row, cell.col) }]),
      scene,
    );
    expect(r.clauses[0]!.checks).toEqual({ present: true, colour: true, size: true, position: false });
    expect(r.correct).toBe(false);
  });

  it('swapped objects fail the relation but keep both object clauses', () => {
    const scene = sceneOf('relation');
    const [a, b] = scene.objects as [(typeof scene.objects)[0], (typeof scene.objects)[0]];
    const swapped = [
      { ...a, row: b.row, col: b.col, centre: b.centre },
      { ...b, row: a.row, col: a.col, centre: a.centre },
    ];
    const r = checkPrompt(render(scene, swapped), scene);
    expect(r.clauses.map((c) => c.pass)).toEqual([true, true, false]);
    expect(r.clauses[2]!.checks).toEqual({ relation: false });
  });

  it('a missing, recoloured or extra object fails the count', () => {
    const scene = sceneOf('count');
    const objects = scene.objects;
    expect(checkPrompt(render(scene), scene).correct).toBe(true);
    expect(checkPrompt(render(scene, objects.slice(1)), scene).clauses[0]!.checks).toEqual({ count: false });
    const recoloured = [
      { ...objects[0]!, colour: objects[0]!.colour === 'red' ? ('blue' as const) : ('red' as const) },
      ...objects.slice(1),
    ];
    expect(checkPrompt(render(scene, recoloured), scene).correct).toBe(false);
    const cell = freeCell(scene);
    const extra = {
      ...objects[0]!,
      ...cell,
      shape: objects[0]!.shape === 'ring' ? ('circle' as const) : ('ring' as const),
      centre: cellCentre(32, cell.row, cell.col),
    };
    const r = checkPrompt(render(scene, [...objects, extra]), scene);
    expect(r.correct).toBe(false);
    expect(r.objects).toHaveLength(objects.length + 1);
  });

  it('perturbed renders score 0 on the broken template in a batch while the rest stay at 1', () => {
    const single = sceneOf('single');
    const moved = { ...single.objects[0]!, row: (single.objects[0]!.row + 1) % 3 };
    const broken = render(single, [{ ...moved, centre: cellCentre(32, moved.row, moved.col) }]);
    const count = sceneOf('count');
    const report = promptAccuracy([broken, render(count)], [single, count]);
    expect(report.overall.value).toBe(0.5);
    expect(report.perTemplate.single?.value).toBe(0);
    expect(report.perTemplate.count?.value).toBe(1);
    expect(report.perCheck.position).toEqual({ name: 'check-accuracy/position', value: 0, n: 1 });
  });
});

describe('checkPrompt input errors', () => {
  it('refuses unknown scene-graph versions, unparseable captions and mismatched batches', () => {
    const scene = sceneOf('single');
    const image = render(scene);
    expect(() => checkPrompt(image, { ...scene, version: 2 as 1 })).toThrow(
      /scene graph version 2 is not supported/,
    );
    expect(() => checkPrompt(image, 'a purple banana')).toThrow(/cannot parse shapes caption/);
    expect(() => promptAccuracy([image], [])).toThrow(/1 images but 0 prompts/);
    expect(() => checkPrompt(image, scene, { coverageThreshold: 2 })).toThrow(/coverageThreshold/);
  });
});
