/**
 * How each objective is named and drawn throughout the report: one colour per objective (Okabe–Ito
 * colour-blind-safe palette) so every plot reads the same way.
 */
import { OBJECTIVE_NAMES, type ObjectiveName } from '../store/schema.js';

/** Display name of each objective. */
export const OBJECTIVE_LABELS: Readonly<Record<ObjectiveName, string>> = Object.freeze({
  flow: 'diffusion (flow matching)',
  masked: 'masked-token (MaskGIT)',
  'next-token': 'next-token',
});

/** Line and marker colour of each objective. */
export const OBJECTIVE_COLORS: Readonly<Record<ObjectiveName, string>> = Object.freeze({
  flow: '#0072B2',
  masked: '#D55E00',
  'next-token': '#009E73',
});

/** Colours for reference lines: real-vs-real baselines and codec ceilings. */
export const REFERENCE_COLORS = Object.freeze({ baseline: '#555555', ceiling: '#CC79A7' });

/** Objectives in the report's order. */
export const OBJECTIVES: readonly ObjectiveName[] = OBJECTIVE_NAMES;

/** Values keyed by objective; an objective the run did not train is absent. */
export type ByObjective<T> = Partial<Record<ObjectiveName, T>>;
