/** The shipped sweeps by name. */
import type { SweepInput } from '../sweep-schema.js';
import { DEMO_PRESET } from './demo.js';
import { PAPER_PRESET } from './paper.js';
import { SMALL_PRESET } from './small.js';

/** `demo` (≤ 20 min on 2 CPU cores), `small` (≤ 2 h on 2 cores; where claims are judged), `paper` (a large GPU). */
export const PRESETS = Object.freeze({
  demo: DEMO_PRESET,
  small: SMALL_PRESET,
  paper: PAPER_PRESET,
} satisfies Record<string, SweepInput>);

/** A preset name. */
export type PresetName = keyof typeof PRESETS;
