/**
 * A unit of work in a comparison run: one codec, one training run, one evaluation … Units are plain data
 * (they cross process boundaries to workers) and name their dependencies by id.
 */
import type { FlopCount } from '@flopmatch/core';
import type { UnitKind } from '../store/schema.js';

/** One unit of a plan. */
export interface UnitSpec {
  /** Unique id, safe as a folder name (`train.flow.d64-l2.vae-c4.s0`). */
  id: string;
  kind: UnitKind;
  /** Units whose results this one needs; it starts only after all of them finished. */
  dependsOn: string[];
  /** Everything the unit's handler needs, as JSON; hashed into the unit's manifest. */
  config: Readonly<Record<string, unknown>>;
  /** Ledger FLOPs the unit will spend. */
  flops: FlopCount;
  /** Seconds of work the FLOP count does not capture (loading, image I/O), for time estimates. */
  overheadSeconds: number;
  /** One line for people (`train flow d64-l2 on vae-c4, seed 0, to 2.0e12 FLOPs`). */
  summary: string;
}
