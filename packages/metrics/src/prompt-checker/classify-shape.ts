/**
 * Shape of a detected component, from its moments and the dataset's own shape definitions.
 *
 * For each candidate shape s the soft area A (zeroth moment) gives the radius r = √(A / area_s), where
 * area_s is the shape's exact area in units of r² (`SHAPE_AREA`), and the soft centroid (first moments)
 * gives the centre (centroid minus the shape's centroid offset, e.g. r/3 downwards for a triangle). The
 * shape s drawn there by the renderer's own geometry (`objectCoverage`) is compared with the observed
 * coverage by soft intersection-over-union Σ min / Σ max; the best-matching shape wins. On renders the true
 * shape matches to rounding (IoU ≈ 0.95–1); a wrong shape of the same area and centre leaves corners, arms or
 * holes unmatched.
 */
import { insideShape, objectCoverage, SHAPE_AREA, type ShapeName } from '@flopmatch/data';
import type { Component } from './connected-components.js';

/** The best-matching shape of a component and how well it (and the runner-up) matched. */
export interface ShapeFit {
  shape: ShapeName;
  /** Soft IoU of the best shape, in [0, 1]. */
  score: number;
  /** Radius r = √(A / area_s) of the best shape, in pixels. */
  radius: number;
  /** Centre of the best shape in continuous pixel coordinates. */
  centre: { x: number; y: number };
  /** The second-best shape and its IoU (absent with one candidate). */
  runnerUp?: { shape: ShapeName; score: number };
}

const centroidOffsets = new Map<ShapeName, number>();

/**
 * Vertical centroid of `shape` in units of its radius (v downwards; 1/3 for the triangle, 0 for the
 * symmetric shapes), integrated numerically from `insideShape` on a 400 × 400 grid and cached.
 */
export function centroidOffset(shape: ShapeName): number {
  const cached = centroidOffsets.get(shape);
  if (cached !== undefined) return cached;
  const n = 400;
  let count = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = -1 + (2 * (i + 0.5)) / n;
    for (let j = 0; j < n; j++) {
      const u = -1 + (2 * (j + 0.5)) / n;
      if (insideShape(shape, u, v)) {
        count++;
        sum += v;
      }
    }
  }
  const offset = sum / count;
  centroidOffsets.set(shape, offset);
  return offset;
}

/**
 * Classifies `component` (from a coverage map of `width × height`) among `shapes` by soft IoU with each
 * shape drawn at the radius and centre its moments imply.
 */
export function classifyShape(
  component: Component,
  coverage: Float32Array,
  width: number,
  height: number,
  shapes: readonly ShapeName[],
): ShapeFit {
  const observed = new Float32Array(width * height);
  for (const p of component.pixels) observed[p] = coverage[p]!;
  const fits = shapes.map((shape) => {
    const radius = Math.sqrt(component.area / SHAPE_AREA[shape]);
    const centre = { x: component.centroid.x, y: component.centroid.y - centroidOffset(shape) * radius };
    const template = objectCoverage(
      { shape, colour: 'white', centre, radius },
      { width, height, supersample: 4 },
    );
    let intersection = 0;
    let union = 0;
    for (let p = 0; p < observed.length; p++) {
      const o = observed[p]!;
      const t = template[p]!;
      if (o === 0 && t === 0) continue;
      intersection += Math.min(o, t);
      union += Math.max(o, t);
    }
    return { shape, score: union > 0 ? intersection / union : 0, radius, centre };
  });
  fits.sort((a, b) => b.score - a.score);
  const best = fits[0]!;
  const second = fits[1];
  return second ? { ...best, runnerUp: { shape: second.shape, score: second.score } } : best;
}
