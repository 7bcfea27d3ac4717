/**
 * What runs a unit: one handler per unit kind. A handler gets its unit, a working folder and the records
 * of the units it depends on, reports progress, and returns its result; the runner wraps that in a
 * manifest and writes it atomically. Handlers must resume: anything slow checkpoints into `dir` (training
 * through core's `runTraining`), so a killed unit continues where it stopped.
 */
import type { FlopCount } from '@flopmatch/core';
import type { UnitSpec } from '../plan/unit-spec.js';
import type { UnitKind, UnitRecord, UnitResultOf } from '../store/schema.js';

/** Progress a handler reports (the pool turns it into bars and `events.jsonl`). */
export interface UnitProgress {
  /** Fraction of the unit done, in [0, 1]. */
  fraction: number;
  /** Model FLOPs spent so far. */
  flops?: number;
  message?: string;
}

/** What a handler is given. */
export interface UnitContext {
  unit: UnitSpec;
  /** The unit's own folder, `<runDir>/units/<id>` (created before `run`). */
  dir: string;
  runDir: string;
  /** Records of the units in `unit.dependsOn`, by id. */
  dependencies: ReadonlyMap<string, UnitRecord>;
  /** Backend the process runs on, as `initRuntime` reported it. */
  backend: string;
  progress(update: UnitProgress): void;
  /** Aborted when the run is asked to stop: checkpoint and throw (or return early without a result). */
  signal: AbortSignal;
  /** Appends a line to the run's event log. */
  log(message: string): void;
}

/** What a handler returns. */
export interface UnitOutput<K extends UnitKind = UnitKind> {
  result: UnitResultOf<K>;
  /** Every seed used, by purpose. */
  seeds: Record<string, number>;
  /** Compute spent (ledger). */
  flops: FlopCount;
  evalNetHash?: string;
  codecHash?: string;
}

/** Runs units of one kind. */
export interface UnitHandler<K extends UnitKind = UnitKind> {
  readonly kind: K;
  run(context: UnitContext): Promise<UnitOutput<K>>;
}

/** Handlers by unit kind. */
export type UnitHandlers = Partial<{ [K in UnitKind]: UnitHandler<K> }>;

/** The dependency record of `id` with kind `kind`; throws naming both when it is missing or of another kind. */
export function dependency<K extends UnitKind>(
  context: Pick<UnitContext, 'unit' | 'dependencies'>,
  kind: K,
  id?: string,
): Extract<UnitRecord, { kind: K }> {
  const found = id
    ? context.dependencies.get(id)
    : [...context.dependencies.values()].find((r) => r.kind === kind);
  if (!found || found.kind !== kind) {
    throw new Error(
      `unit '${context.unit.id}' needs the result of a '${kind}' unit${id ? ` '${id}'` : ''}, which is missing`,
    );
  }
  return found as Extract<UnitRecord, { kind: K }>;
}
