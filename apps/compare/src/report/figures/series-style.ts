/**
 * Marker and dash choices shared by the figures: colour is the objective (see `objective-style.ts`), the
 * marker is the backbone size, the dash is the codec.
 */
import type { LineStyle, MarkerShape } from '../plot/svg-plot.js';

const MARKERS: MarkerShape[] = ['circle', 'square', 'triangle', 'diamond'];
const DASHES: LineStyle[] = ['solid', 'dashed', 'dotted'];

/** Marker of the i-th size (cycling). */
export function sizeMarker(index: number): MarkerShape {
  return MARKERS[index % MARKERS.length]!;
}

/** Dash of the i-th codec of an objective (cycling). */
export function codecDash(index: number): LineStyle {
  return DASHES[index % DASHES.length]!;
}

/** Sorted distinct values. */
export function distinct(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
