/**
 * Pareto frontier of (cost, error) points: the points no other point beats on both axes. Used for
 * inference FLOPs (or latency) vs FD, where lower is better on both, and throughput vs FD, where higher
 * throughput is better.
 */

/** A point with a cost-like x and an error-like y (lower y is better). */
export interface ParetoPoint {
  x: number;
  y: number;
}

/**
 * The non-dominated points sorted from best x to worst x (so y falls along the result). With
 * `x: 'min'` lower x is better (FLOPs, latency); with `x: 'max'` higher x is better (throughput). A
 * point equal to another on both axes is kept once.
 */
export function paretoFrontier<P extends ParetoPoint>(points: readonly P[], x: 'min' | 'max' = 'min'): P[] {
  const sign = x === 'min' ? 1 : -1;
  const sorted = [...points].sort((a, b) => sign * (a.x - b.x) || a.y - b.y);
  const frontier: P[] = [];
  let bestY = Number.POSITIVE_INFINITY;
  for (const p of sorted) {
    if (p.y < bestY) {
      frontier.push(p);
      bestY = p.y;
    }
  }
  return frontier;
}
