import { describe, expect, it } from 'vitest';
import { objectCoverage, renderScene } from './render-scene.js';
import { SHAPE_AREA } from './shape-geometry.js';
import { SHAPE_NAMES } from './vocabulary.js';

const px = (img: Float32Array, width: number, x: number, y: number) =>
  Array.from(img.slice((y * width + x) * 3, (y * width + x) * 3 + 3));

describe('objectCoverage', () => {
  it('covers whole pixels exactly when a square has integer edges', () => {
    // Square centred at (8, 8) with half side 2 spans x, y ∈ [6, 10]: pixels 6..9 full, 5 and 10 empty.
    const cov = objectCoverage(
      { shape: 'square', colour: 'red', centre: { x: 8, y: 8 }, radius: 2 },
      { width: 16, height: 16 },
    );
    for (let y = 0; y < 16; y++) {
      for (let x = 0; x < 16; x++) expect(cov[y * 16 + x]).toBe(x >= 6 && x <= 9 && y >= 6 && y <= 9 ? 1 : 0);
    }
  });

  it('gives half coverage on an edge through the pixel middle and a quarter at the corner', () => {
    // Half side 2.5 → edges at 5.5 and 10.5: 2 of 4 sample columns inside.
    const cov = objectCoverage(
      { shape: 'square', colour: 'red', centre: { x: 8, y: 8 }, radius: 2.5 },
      { width: 16, height: 16 },
    );
    expect(cov[8 * 16 + 5]).toBe(0.5);
    expect(cov[8 * 16 + 10]).toBe(0.5);
    expect(cov[5 * 16 + 5]).toBe(0.25);
    expect(cov[8 * 16 + 8]).toBe(1);
  });

  it.each(SHAPE_NAMES)('integrates to the exact area of a %s', (shape) => {
    const r = 9.3;
    const cov = objectCoverage(
      { shape, colour: 'red', centre: { x: 20.2, y: 19.7 }, radius: r },
      { width: 40, height: 40, supersample: 16 },
    );
    const area = cov.reduce((s, v) => s + v, 0);
    // Supersampling error ≲ perimeter × sample spacing / 4; 2% of the area is far above it.
    expect(Math.abs(area - SHAPE_AREA[shape] * r * r) / (SHAPE_AREA[shape] * r * r)).toBeLessThan(0.02);
  });

  it('points the triangle up: its top row is thinner than its bottom row', () => {
    const cov = objectCoverage(
      { shape: 'triangle', colour: 'red', centre: { x: 8, y: 8 }, radius: 6 },
      { width: 16, height: 16 },
    );
    const row = (y: number) => cov.slice(y * 16, y * 16 + 16).reduce((s, v) => s + v, 0);
    expect(row(2)).toBeLessThan(row(13) / 4);
  });

  it('clips objects at the image border', () => {
    const cov = objectCoverage(
      { shape: 'circle', colour: 'red', centre: { x: 0, y: 0 }, radius: 4 },
      { width: 8, height: 8, supersample: 16 },
    );
    const area = cov.reduce((s, v) => s + v, 0);
    expect(area).toBeCloseTo((Math.PI * 16) / 4, 0);
  });
});

describe('renderScene', () => {
  it('draws palette colours on a black background in [-1, 1]', () => {
    const img = renderScene(
      [
        { shape: 'square', colour: 'red', centre: { x: 4, y: 4 }, radius: 2 },
        { shape: 'circle', colour: 'cyan', centre: { x: 12.5, y: 12.5 }, radius: 2.5 },
      ],
      { width: 16, height: 16 },
    );
    expect(px(img, 16, 4, 4)).toEqual([1, -1, -1]);
    expect(px(img, 16, 12, 12)).toEqual([-1, 1, 1]);
    for (const [x, y] of [
      [0, 0],
      [15, 0],
      [0, 15],
      [15, 15],
      [8, 8],
    ] as const)
      expect(px(img, 16, x, y)).toEqual([-1, -1, -1]);
  });

  it('blends edge pixels linearly with coverage (half-covered red → 127.5 → 0)', () => {
    const img = renderScene([{ shape: 'square', colour: 'red', centre: { x: 8, y: 8 }, radius: 2.5 }], {
      width: 16,
      height: 16,
    });
    expect(px(img, 16, 5, 8)).toEqual([0, -1, -1]);
    expect(px(img, 16, 5, 5)[0]).toBeCloseTo(-0.5, 6);
  });

  it('composites later objects over earlier ones', () => {
    const img = renderScene(
      [
        { shape: 'square', colour: 'red', centre: { x: 8, y: 8 }, radius: 4 },
        { shape: 'square', colour: [0, 0, 255], centre: { x: 8, y: 8 }, radius: 2.5 },
      ],
      { width: 16, height: 16 },
    );
    expect(px(img, 16, 8, 8)).toEqual([-1, -1, 1]);
    // Half blue over red: 0.5·(+1) + 0.5·(−1) in R and B.
    expect(px(img, 16, 5, 8)).toEqual([0, -1, 0]);
  });
});
