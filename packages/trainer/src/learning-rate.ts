/**
 * The learning rate of every phase of a run, from `@flopmatch/nn`'s schedules.
 *
 * - WSD (A. Hägele et al., arXiv:2405.18392, §3): milestone i follows warmup → constant η_max → a cooldown
 *   over its last cᵢ steps, i.e. `warmupStableDecay` with totalSteps Nᵢ and decaySteps cᵢ. Before its branch
 *   step sᵢ that is exactly the main run's rate, so every branch leaves the main run at the rate the main run
 *   was using. The main run uses the last milestone's curve, which stays at η_max until s_last where it stops.
 * - Cosine (I. Loshchilov, F. Hutter, arXiv:1608.03983, eq. (5)): milestone i is its own run with warmup then a
 *   cosine decay ending at Nᵢ (`warmupCosine`).
 */
import { warmupCosine, warmupStableDecay } from '@flopmatch/nn';
import type { PlannedMilestone } from './milestone-plan.js';
import type { TrainerConfig } from './trainer-config.js';

/**
 * The learning rate of 0-based `step` on the curve of milestone `phase` (the WSD main run passes the last
 * milestone).
 *
 * @example
 * phaseLearningRate(120, config, plan.milestones[0]); // in milestone 0's cooldown: below the peak
 */
export function phaseLearningRate(step: number, config: TrainerConfig, phase: PlannedMilestone): number {
  const { schedule } = config;
  const peakLr = config.optimizer.lr;
  const minLr = schedule.minLrFraction * peakLr;
  if (schedule.kind === 'cosine') {
    return warmupCosine(step, { peakLr, warmupSteps: schedule.warmupSteps, totalSteps: phase.steps, minLr });
  }
  return warmupStableDecay(step, {
    peakLr,
    warmupSteps: schedule.warmupSteps,
    totalSteps: phase.steps,
    decaySteps: phase.ownSteps,
    minLr,
    decayShape: schedule.decayShape,
  });
}
