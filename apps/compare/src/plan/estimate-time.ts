/**
 * Time estimates for a plan: each unit's executed FLOPs at the calibrated rate of its kind plus a fixed
 * overhead, and the wall-clock time of running the plan on `workers` in parallel (list scheduling in plan
 * order, each unit starting once its dependencies end and a worker is free: what the scheduler does).
 */
import type { UnitKind } from '../store/schema.js';
import type { UnitSpec } from './unit-spec.js';

/** Executed FLOP/s per unit kind on one worker, and where the numbers came from. */
export interface Calibration {
  /** One line: `measured 2-D matmul 9.1 GFLOP/s on wasm × stored efficiencies`, `stored: …`. */
  source: string;
  flopsPerSecond: Record<UnitKind, number>;
}

/** Estimated seconds of one unit on one worker. */
export function unitSeconds(unit: UnitSpec, calibration: Calibration): number {
  const rate = calibration.flopsPerSecond[unit.kind];
  return unit.overheadSeconds + (unit.flops.executed > 0 ? unit.flops.executed / rate : 0);
}

/** When each unit would start and end, and the whole run's wall-clock seconds. */
export interface Schedule {
  start: Map<string, number>;
  end: Map<string, number>;
  seconds: number;
}

/**
 * Simulates the scheduler: units in plan order, each on the first worker free once its dependencies end.
 * Units in `done` take no time.
 */
export function simulateSchedule(
  units: readonly UnitSpec[],
  seconds: (unit: UnitSpec) => number,
  workers: number,
  done: ReadonlySet<string> = new Set(),
): Schedule {
  const start = new Map<string, number>();
  const end = new Map<string, number>();
  const free = Array.from({ length: Math.max(1, workers) }, () => 0);
  const remaining = units.filter((u) => !done.has(u.id));
  for (const u of units) if (done.has(u.id)) end.set(u.id, 0);
  // Repeatedly start the unit that can start earliest (ties: plan order), as the event-driven scheduler does.
  while (remaining.length > 0) {
    let best = -1;
    let bestAt = Number.POSITIVE_INFINITY;
    const worker = free.indexOf(Math.min(...free));
    for (let i = 0; i < remaining.length; i++) {
      const u = remaining[i]!;
      if (!u.dependsOn.every((d) => end.has(d))) continue;
      const ready = Math.max(free[worker]!, ...u.dependsOn.map((d) => end.get(d)!));
      if (ready < bestAt) {
        bestAt = ready;
        best = i;
      }
    }
    if (best < 0) throw new Error('simulateSchedule: units depend on units outside the plan');
    const u = remaining.splice(best, 1)[0]!;
    start.set(u.id, bestAt);
    const finish = bestAt + seconds(u);
    end.set(u.id, finish);
    free[worker] = finish;
  }
  return { start, end, seconds: Math.max(0, ...end.values()) };
}
