/**
 * Point-in-shape tests in normalised object coordinates: u = (x − centre.x) / radius to the right,
 * v = (y − centre.y) / radius downwards. Every shape fits exactly in the square |u| ≤ 1, |v| ≤ 1 and
 * includes its boundary.
 */
import type { ShapeName } from './vocabulary.js';

/** Half-width of a cross's arms, as a fraction of the radius. */
export const CROSS_ARM_HALF_WIDTH = 1 / 3;
/** Inner radius of a ring, as a fraction of the outer radius. */
export const RING_INNER_RADIUS = 0.5;

/** Whether the normalised point (u, v) lies inside `shape`. */
export function insideShape(shape: ShapeName, u: number, v: number): boolean {
  switch (shape) {
    case 'circle':
      return u * u + v * v <= 1;
    case 'square':
      return Math.abs(u) <= 1 && Math.abs(v) <= 1;
    case 'triangle':
      // Apex at (0, −1) (top), base from (−1, 1) to (1, 1).
      return v <= 1 && Math.abs(u) <= (v + 1) / 2;
    case 'cross': {
      const au = Math.abs(u);
      const av = Math.abs(v);
      return (au <= CROSS_ARM_HALF_WIDTH && av <= 1) || (av <= CROSS_ARM_HALF_WIDTH && au <= 1);
    }
    case 'diamond':
      return Math.abs(u) + Math.abs(v) <= 1;
    case 'ring': {
      const d2 = u * u + v * v;
      return d2 <= 1 && d2 >= RING_INNER_RADIUS * RING_INNER_RADIUS;
    }
  }
}

/** Exact area of each shape in units of radius² (what coverage converges to as supersampling grows). */
export const SHAPE_AREA: Readonly<Record<ShapeName, number>> = {
  circle: Math.PI,
  square: 4,
  triangle: 2,
  cross: 2 * (2 * 2 * CROSS_ARM_HALF_WIDTH) - (2 * CROSS_ARM_HALF_WIDTH) ** 2,
  diamond: 2,
  ring: Math.PI * (1 - RING_INNER_RADIUS * RING_INNER_RADIUS),
};
