import { describe, expect, it } from 'vitest';
import { connectedComponents } from './connected-components.js';
import type { ColourSegmentation } from './segment-colours.js';

/** A segmentation from a character grid: '#' full red, '+' half red, '.' background, 'g' full green. */
function grid(rows: string[]): ColourSegmentation {
  const height = rows.length;
  const width = rows[0]!.length;
  const label = new Int8Array(width * height).fill(-1);
  const coverage = new Float32Array(width * height);
  rows.forEach((row, y) => {
    [...row].forEach((ch, x) => {
      const p = y * width + x;
      if (ch === '#' || ch === '+') label[p] = 0;
      if (ch === 'g') label[p] = 1;
      coverage[p] = ch === '#' || ch === 'g' ? 1 : ch === '+' ? 0.25 : 0;
    });
  });
  return { width, height, label, coverage, colours: ['red', 'green'] };
}

describe('connectedComponents', () => {
  it('separates same-coloured blobs one pixel apart and different colours that touch', () => {
    const comps = connectedComponents(grid(['##.##', '##.##', 'gg...']), 0.5);
    expect(comps).toHaveLength(3);
    expect(comps.map((c) => c.colour).sort()).toEqual([0, 0, 1]);
  });

  it('joins diagonal neighbours (8-connectivity), so thin rings stay whole', () => {
    expect(connectedComponents(grid(['#..', '.#.', '..#']), 0.5)).toHaveLength(1);
  });

  it('adds the dim fringe to the soft area and centroid (hand computation)', () => {
    // Core: pixels (1,1) and (2,1), coverage 1 each; fringe: (0,1) and (3,1) at 0.25.
    const [c] = connectedComponents(grid(['....', '+##+', '....']), 0.5);
    expect(c!.area).toBeCloseTo(2.5, 6);
    // x: (0.25·0.5 + 1.5 + 2.5 + 0.25·3.5)/2.5 = 2; y: every pixel centre at 1.5.
    expect(c!.centroid.x).toBeCloseTo(2, 6);
    expect(c!.centroid.y).toBeCloseTo(1.5, 6);
    expect(c!.bbox).toEqual({ x0: 1, y0: 1, x1: 2, y1: 1 });
  });

  it('ignores dim pixels with no core', () => {
    expect(connectedComponents(grid(['+..', '...']), 0.5)).toHaveLength(0);
  });
});
