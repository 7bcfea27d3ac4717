/**
 * The seam between the scheduler and whatever runs units: a pool of local worker processes today, a
 * distributed queue later. The scheduler hands an executor jobs whose dependencies are finished and waits
 * for outcomes; an executor never decides what runs next.
 */
import type { UnitSpec } from '../plan/unit-spec.js';
import type { UnitRecord } from '../store/schema.js';
import type { UnitProgress } from '../units/unit-handler.js';

/** One unit to run, with everything a remote worker needs besides the code. */
export interface UnitJob {
  unit: UnitSpec;
  /** The run directory (shared storage for remote executors). */
  runDir: string;
  /** Records of the unit's dependencies. */
  dependencies: UnitRecord[];
}

/** Callbacks an executor calls while a job runs. */
export interface UnitListener {
  /** The unit started in process `pid` (or a remote worker's id). */
  onStart?(info: { pid: number }): void;
  onProgress?(update: UnitProgress): void;
  onLog?(message: string): void;
}

/** How a job ended. */
export type UnitOutcome =
  | { status: 'done'; record: UnitRecord }
  /** Stopped on request before finishing; its checkpoints are kept for the next attempt. */
  | { status: 'stopped' }
  | { status: 'failed'; error: string };

/** Runs units. */
export interface UnitExecutor {
  /** How many units it runs at once. */
  readonly slots: number;
  /** Runs one job; never rejects for a failure of the unit itself (that is a `failed` outcome). */
  execute(job: UnitJob, listener?: UnitListener): Promise<UnitOutcome>;
  /** Asks every running unit to checkpoint and stop (their outcomes become `stopped`). */
  stop(): void;
  /** Releases workers. */
  close(): Promise<void>;
}
