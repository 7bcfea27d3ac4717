/**
 * What a trainer plugs into `runTraining`: a task that performs one optimisation step and can save and
 * restore its state. The loop owns everything else: step count, FLOPs spent, the random stream,
 * checkpoints, logs, budgets and progress.
 */
import type { FlopCount } from '../contracts/flop-count.js';
import type { HostArray } from '../contracts/tensor.js';
import type { Rng } from '../rng/rng.js';

/** When a run stops. Give at least one; the run stops at whichever is reached first. */
export interface TrainingBudget {
  /** Optimiser steps. */
  steps?: number;
  /** Model FLOPs (`FlopCount.model`); the run stops at the first step boundary at or past it. */
  flops?: number;
}

/** Handed to every `TrainingTask.step` call. */
export interface StepContext {
  /** Steps completed before this one (0 for the first step). */
  step: number;
  /**
   * The run's random stream, saved in every checkpoint and restored on resume, so draws continue exactly.
   * Draw from it directly, or split it per step (`rng.split(ctx.step)`); `rng.split('name')` alone gives the
   * same stream every step.
   */
  rng: Rng;
  /** FLOPs spent before this step. */
  spent: FlopCount;
  /** The run's budget (e.g. for a schedule that needs the fraction done). */
  budget: TrainingBudget;
  /** Aborted when the run is asked to stop; the loop checkpoints after the current step returns. */
  signal: AbortSignal;
}

/** A typed array (or `HostArray`) to check for NaN/Inf after a step. */
export type CheckedTensor = HostArray | Float32Array | Float64Array | ArrayLike<number>;

/** What one step reports. */
export interface StepResult {
  /** The step's training loss (a NaN or ±Inf stops the run). */
  loss: number;
  /** FLOPs this step spent (from the FLOP ledger), charged to the budget. */
  flops: FlopCount;
  /** Learning rate used, for the log. */
  lr?: number;
  /** Extra numbers for the log (grad norm, accuracy …). */
  metrics?: Record<string, number>;
  /** Tensors to check for NaN/Inf by name (e.g. `{ 'grad.w': g }`); a bad value stops the run naming it. */
  tensorsToCheck?: Record<string, CheckedTensor>;
}

/** A task's state: tensors saved as safetensors files, plus JSON and the data position. */
export interface TaskState {
  /** Tensor files by name (`model`, `optimizer`, `ema`), each a map of named tensors. */
  tensors: Record<string, Record<string, HostArray>>;
  /** Other JSON state (optimizer step counters, schedule state …). */
  json?: unknown;
  /** The data position (e.g. `{ epoch, index }`), JSON; restored so batches continue exactly. */
  data?: unknown;
}

/**
 * One training job. Steps must be deterministic given the restored state, the data position and the
 * random stream, so a resumed run repeats an uninterrupted one exactly.
 */
export interface TrainingTask {
  step(ctx: StepContext): StepResult | Promise<StepResult>;
  state(): TaskState | Promise<TaskState>;
  restore(state: TaskState): void | Promise<void>;
}
