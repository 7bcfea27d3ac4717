import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeImageGrid, writeImageGrid } from './image-grid.js';
import type { Uint8Image } from './image-types.js';
import { readPng } from './png.js';

const solid = (value: number, width = 3, height = 2): Uint8Image => ({
  width,
  height,
  channels: 3,
  data: new Uint8Array(width * height * 3).fill(value),
});

describe('image grids', () => {
  it('places images row-major with a gutter around and between them', () => {
    const images = [0, 1, 2, 3, 4].map((i) => solid(10 * (i + 1)));
    const grid = makeImageGrid(images, { columns: 2, gutter: 1, gutterValue: [255, 0, 0] });
    expect([grid.width, grid.height]).toEqual([2 * 3 + 3, 3 * 2 + 4]); // 9 × 10
    const at = (x: number, y: number) =>
      Array.from(grid.data.slice((y * grid.width + x) * 3, (y * grid.width + x) * 3 + 3));
    expect(at(0, 0)).toEqual([255, 0, 0]);
    expect(at(1, 1)).toEqual([10, 10, 10]); // image 0 at (1, 1)
    expect(at(3, 2)).toEqual([10, 10, 10]);
    expect(at(4, 1)).toEqual([255, 0, 0]); // vertical gutter between columns
    expect(at(5, 1)).toEqual([20, 20, 20]); // image 1 at (5, 1)
    expect(at(1, 4)).toEqual([30, 30, 30]); // image 2 at (1, 4)
    expect(at(5, 7)).toEqual([255, 0, 0]); // the empty last cell stays gutter
    expect(at(1, 7)).toEqual([50, 50, 50]); // image 4 at (1, 7)
  });

  it('writes a 64-image grid as one PNG in one call, from float images', () => {
    const images = Array.from({ length: 64 }, (_, i) => ({
      width: 32,
      height: 32,
      channels: 3,
      data: new Float32Array(32 * 32 * 3).fill(i / 32 - 1),
    }));
    const path = join(mkdtempSync(join(tmpdir(), 'flopmatch-grid-')), 'grid.png');
    expect(writeImageGrid(path, images, { columns: 8, gutter: 2 })).toEqual({ width: 274, height: 274 });
    const back = readPng(path);
    expect([back.width, back.height, back.channels]).toEqual([274, 274, 3]);
    // Image 9 (row 1, col 1) starts at 2 + 34 = 36; its value 9/32 − 1 → round(9 · 127.5 / 32) = 36.
    expect(back.data[(36 * 274 + 36) * 3]).toBe(36);
  });

  it('rejects images of different shapes', () => {
    expect(() => makeImageGrid([solid(1), solid(2, 4, 2)])).toThrow(/image 1 is 4×2×3, expected 3×2×3/);
  });
});
