import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPng } from '@flopmatch/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promptsSidecar, readGridPrompts, writeSampleGrid } from './sample-grid.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'flopmatch-sample-grid-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A w × h float image filled with `v` in [-1, 1]. */
const cell = (v: number, w = 3, h = 2) => ({
  width: w,
  height: h,
  channels: 3,
  data: new Float32Array(w * h * 3).fill(v),
});

describe('sample grid files', () => {
  it('names the prompts sidecar beside a grid', () => {
    expect(promptsSidecar('units/a/grid.png')).toBe('units/a/grid.prompts.json');
    expect(promptsSidecar('out/Samples.PNG')).toBe('out/Samples.prompts.json');
  });

  it('writes the PNG and the prompts in grid order, and reads the prompts back', async () => {
    const path = join(root, 'a', 'grid.png');
    const prompts = ['a red circle', 'two blue squares', 'a "quoted" triangle'];
    const out = await writeSampleGrid(path, [cell(-1), cell(0), cell(1)], prompts);
    // 3 cells of 3 × 2 in ceil(√3) = 2 columns, gutter 2: 2·3 + 3·2 = 12 wide, 2·2 + 3·2 = 10 high
    expect(out).toEqual({ grid: path, prompts: join(root, 'a', 'grid.prompts.json'), width: 12, height: 10 });
    const png = readPng(path);
    expect([png.width, png.height, png.channels]).toEqual([12, 10, 3]);
    expect(png.data[(2 * 12 + 2) * 3]).toBe(0); // cell 0 (value -1) at (2, 2)
    expect(png.data[(2 * 12 + 7) * 3]).toBe(128); // cell 1 (value 0) at (7, 2)
    expect(JSON.parse(await readFile(out.prompts, 'utf8'))).toEqual(prompts);
    expect(await readGridPrompts(path)).toEqual({ prompts });
    expect((await writeSampleGrid(path, [cell(0), cell(0)], ['x', 'y'], { columns: 1 })).width).toBe(7);
  });

  it('refuses a prompt count that differs from the image count, writing nothing', async () => {
    const path = join(root, 'b', 'grid.png');
    await expect(writeSampleGrid(path, [cell(0), cell(0)], ['only one'])).rejects.toThrow(
      /2 images but 1 prompts; pass one prompt per grid cell/,
    );
    expect(existsSync(path)).toBe(false);
  });

  it('reports a missing, malformed or mistyped sidecar', async () => {
    const grid = join(root, 'c', 'grid.png');
    expect(await readGridPrompts(grid)).toEqual({});
    await writeSampleGrid(grid, [cell(0)], ['p']);
    await writeFile(promptsSidecar(grid), '["a", ');
    expect((await readGridPrompts(grid)).problem).toMatch(/grid\.prompts\.json: not valid JSON/);
    await writeFile(promptsSidecar(grid), '{"prompts": 3}');
    expect((await readGridPrompts(grid)).problem).toMatch(/grid\.prompts\.json: not a JSON array of strings/);
  });
});
