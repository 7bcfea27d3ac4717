/**
 * Marker, dash and axis choices shared by the figures: colour is the objective (see `objective-style.ts`),
 * the marker is the backbone size, the dash is the codec; training compute and FD read the same everywhere.
 */
import type { AxisSpec, LineStyle, MarkerShape } from '../plot/svg-plot.js';

/** The x axis of every plot against training compute (ledger FLOPs, log scale). */
export const TRAINING_COMPUTE_AXIS: AxisSpec = { label: 'training compute', unit: 'FLOPs', scale: 'log' };

/** The y axis of every plot of FD. */
export const FD_AXIS: AxisSpec = { label: 'Fréchet distance', unit: 'FD' };

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
