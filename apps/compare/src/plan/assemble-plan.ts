/** The plan record (`plan.json`, `--dry-run --json`): units with ledger FLOPs and time estimates. */
import { addFlops, ZERO_FLOPS } from '@flopmatch/core';
import { type Plan, RESULTS_VERSION } from '../store/schema.js';
import { type Calibration, simulateSchedule, unitSeconds } from './estimate-time.js';
import type { UnitSpec } from './unit-spec.js';

/** Options of `assemblePlan`. */
export interface AssemblePlanOptions {
  units: readonly UnitSpec[];
  sweepHash: string;
  calibration: Calibration;
  workers: number;
  /** Units already finished (they cost no more time). */
  done?: ReadonlySet<string>;
}

/** Builds the plan record. `estimatedSeconds` covers only what is left to run. */
export function assemblePlan(options: AssemblePlanOptions): Plan {
  const { units, calibration, workers } = options;
  const seconds = (u: UnitSpec) => unitSeconds(u, calibration);
  const schedule = simulateSchedule(units, seconds, workers, options.done);
  const train = calibration.flopsPerSecond.train;
  return {
    format: 'flopmatch-plan',
    version: RESULTS_VERSION,
    sweepHash: options.sweepHash,
    units: units.map((u) => ({
      id: u.id,
      kind: u.kind,
      dependsOn: [...u.dependsOn],
      flops: { ...u.flops },
      estimatedSeconds: options.done?.has(u.id) ? 0 : seconds(u),
      summary: u.summary,
    })),
    totalFlops: units.reduce((sum, u) => addFlops(sum, u.flops), ZERO_FLOPS),
    flopsPerSecond: train,
    calibration: calibration.source,
    workers,
    estimatedSeconds: schedule.seconds,
  };
}
