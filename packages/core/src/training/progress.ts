/**
 * Progress and ETA. The remaining time is extrapolated from what this session measured: model FLOPs per
 * second for a FLOP budget, seconds per step for a step budget; with both, whichever ends first.
 */
import type { FlopCount } from '../contracts/flop-count.js';
import type { TrainingBudget } from './training-task.js';

/** What `onProgress` receives after every step. */
export interface TrainingProgress {
  /** Steps completed. */
  step: number;
  /** FLOPs spent so far. */
  spent: FlopCount;
  budget: TrainingBudget;
  /** This step's loss. */
  loss: number;
  lr?: number;
  metrics?: Record<string, number>;
  /** Fraction of the budget done, in [0, 1] (the larger of the step and FLOP fractions). */
  fraction: number;
  /** Model FLOPs per second measured since this session started (or resumed). */
  flopsPerSecond: number;
  /** Seconds until the budget is reached at the measured rate; undefined before anything is measured. */
  etaSeconds: number | undefined;
  /** Seconds since this session started. */
  elapsedSeconds: number;
}

/** Inputs of `estimateProgress`. */
export interface ProgressMeasurement {
  step: number;
  spent: FlopCount;
  budget: TrainingBudget;
  /** Steps, model FLOPs and seconds measured in this session. */
  sessionSteps: number;
  sessionFlops: number;
  sessionSeconds: number;
}

/**
 * Fraction done, measured FLOP/s and ETA.
 *
 * @example
 * estimateProgress({ step: 10, spent: { model: 1e9, executed: 1e9 }, budget: { flops: 4e9 },
 *   sessionSteps: 10, sessionFlops: 1e9, sessionSeconds: 2 }); // { fraction: 0.25, flopsPerSecond: 5e8, etaSeconds: 6 }
 */
export function estimateProgress(
  m: ProgressMeasurement,
): Pick<TrainingProgress, 'fraction' | 'flopsPerSecond' | 'etaSeconds'> {
  const { budget } = m;
  const fractions: number[] = [];
  const etas: number[] = [];
  const flopsPerSecond = m.sessionSeconds > 0 ? m.sessionFlops / m.sessionSeconds : 0;
  if (budget.flops !== undefined) {
    fractions.push(m.spent.model / budget.flops);
    const remaining = Math.max(0, budget.flops - m.spent.model);
    if (flopsPerSecond > 0) etas.push(remaining / flopsPerSecond);
    else if (remaining === 0) etas.push(0);
  }
  if (budget.steps !== undefined) {
    fractions.push(m.step / budget.steps);
    const remaining = Math.max(0, budget.steps - m.step);
    if (m.sessionSteps > 0 && m.sessionSeconds > 0)
      etas.push((remaining * m.sessionSeconds) / m.sessionSteps);
    else if (remaining === 0) etas.push(0);
  }
  const fraction = Math.min(1, Math.max(0, ...fractions));
  return { fraction, flopsPerSecond, etaSeconds: etas.length ? Math.min(...etas) : undefined };
}
