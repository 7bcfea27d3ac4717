/**
 * Objects as connected components: pixels of one palette label whose coverage reaches the threshold,
 * 8-connected (thin rings and cross arms stay whole). Each component is then grown by one pixel (8-neighbours of the same label above the fringe
 * floor) to collect its anti-aliased edge, so its soft area Σ coverage and soft centroid are unbiased.
 */
import type { ColourSegmentation } from './segment-colours.js';

/** One connected component with its soft (coverage-weighted) moments. */
export interface Component {
  /** Index into the segmentation's `colours`. */
  colour: number;
  /** Pixel indices (y·width + x) of the core and its grown edge. */
  pixels: number[];
  /** Soft area Σ coverage, in pixels (zeroth moment). */
  area: number;
  /** Soft centroid in continuous pixel coordinates (pixel centres at +0.5; first moments / area). */
  centroid: { x: number; y: number };
  /** Bounding box of the core pixels (inclusive pixel indices). */
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

/**
 * Finds the 8-connected components of pixels with coverage ≥ `threshold`, per label, and grows each by
 * its 8-neighbour fringe of the same label (a fringe pixel joins the first component that reaches it).
 */
export function connectedComponents(seg: ColourSegmentation, threshold: number): Component[] {
  const { width, height, label, coverage } = seg;
  const owner = new Int32Array(width * height).fill(-1);
  const cores: number[][] = [];
  const stack: number[] = [];
  for (let start = 0; start < width * height; start++) {
    if (owner[start] !== -1 || label[start]! < 0 || coverage[start]! < threshold) continue;
    const id = cores.length;
    const colour = label[start]!;
    const pixels: number[] = [];
    owner[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop()!;
      pixels.push(p);
      const x = p % width;
      const y = (p - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const q = ny * width + nx;
          if (owner[q] !== -1 || label[q] !== colour || coverage[q]! < threshold) continue;
          owner[q] = id;
          stack.push(q);
        }
      }
    }
    cores.push(pixels);
  }
  return cores.map((core, id) => {
    const colour = label[core[0]!]!;
    let x0 = width;
    let y0 = height;
    let x1 = -1;
    let y1 = -1;
    const pixels = [...core];
    for (const p of core) {
      const x = p % width;
      const y = (p - x) / width;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const q = ny * width + nx;
          if (owner[q] !== -1 || label[q] !== colour) continue;
          owner[q] = id; // fringe pixel (below threshold)
          pixels.push(q);
        }
      }
    }
    let area = 0;
    let sx = 0;
    let sy = 0;
    for (const p of pixels) {
      const a = coverage[p]!;
      const x = p % width;
      const y = (p - x) / width;
      area += a;
      sx += a * (x + 0.5);
      sy += a * (y + 0.5);
    }
    return { colour, pixels, area, centroid: { x: sx / area, y: sy / area }, bbox: { x0, y0, x1, y1 } };
  });
}
