/**
 * Where the budget points of one run fall, and what each is charged.
 *
 * Warmup–stable–decay (WSD) — A. Hägele et al., "Scaling Laws and Compute-Optimal Training Beyond Fixed
 * Training Durations", arXiv:2405.18392, §3 (and S. Hu et al., MiniCPM, arXiv:2404.06395, §4.1): one main
 * run at a constant learning rate; each budget point branches off it into a short cooldown from a copy of
 * the weights and optimizer state, so one run yields models for many budgets, each as if it had been
 * trained with a schedule ending at its own budget.
 *
 * Notation: B = `budgetFlops`, F = model FLOPs of one step (`objective.trainingFlopsPerExample()` × batch),
 * fᵢ = milestone fraction, Bᵢ = fᵢ·B, Nᵢ = steps of milestone i, cᵢ = its cooldown steps, sᵢ = its branch
 * step, κ = `cooldownFraction`.
 *   Nᵢ = ⌈Bᵢ / F⌉                 (the loop's rule: stop at the first step boundary at or past the budget)
 *   cᵢ = max(1, round(κ·Nᵢ)),  sᵢ = Nᵢ − cᵢ   (WSD; cosine: cᵢ = Nᵢ, sᵢ = 0, one run from scratch per budget)
 *   charged to milestone i = Nᵢ·F = sᵢ·F (the main run up to the branch) + cᵢ·F (its own cooldown),
 *   so Bᵢ ≤ chargedᵢ < Bᵢ + F.
 * The main run stops at s_last, and the whole WSD run costs (s_last + Σ cᵢ)·F instead of Σ Nᵢ·F for one run
 * per budget. The main run's steps after a branch are not charged to that milestone, and no milestone is
 * charged another's cooldown. Optimizer, clipping and EMA arithmetic are not counted (the ledger counts the
 * network's forward and backward only).
 */
import { ConfigError, type FlopCount, scaleFlops } from '@flopmatch/core';

/** One budget point of a run. */
export interface PlannedMilestone {
  /** `milestone-<fraction>` (4 significant digits): its directory under `<dir>/milestones/`. */
  id: string;
  /** fᵢ: its share of the run's FLOP budget, in (0, 1]. */
  fraction: number;
  /** Bᵢ = fᵢ·B model FLOPs. */
  targetFlops: number;
  /** Nᵢ: optimizer steps of this model, main-run steps before the branch included. */
  steps: number;
  /** sᵢ: the main-run step it branches off at (0 with one run per budget). */
  branchStep: number;
  /** Steps run for this milestone alone: its cooldown cᵢ (WSD), or all Nᵢ (one run per budget). */
  ownSteps: number;
  /** FLOPs charged to it: Nᵢ·F (model and executed). */
  charged: FlopCount;
}

/** The milestones of a run and what the run costs as a whole. */
export interface MilestonePlan {
  schedule: 'wsd' | 'cosine';
  /** F: FLOPs of one optimizer step. */
  stepFlops: FlopCount;
  milestones: PlannedMilestone[];
  /** Steps of the shared main run (WSD: s_last; one run per budget: 0). */
  mainSteps: number;
  flops: {
    /** The shared main run: mainSteps·F. */
    main: FlopCount;
    /** Every milestone's own steps: Σ ownStepsᵢ·F. */
    own: FlopCount;
    /** main + own: what the whole run executes. */
    total: FlopCount;
    /** Σ Nᵢ·F: what one separate run per budget would cost (equals total for `cosine`). */
    separateRuns: FlopCount;
  };
}

/** Inputs of `planMilestones`. */
export interface MilestonePlanOptions {
  /** B: the largest budget, in model FLOPs. */
  budgetFlops: number;
  /** F: FLOPs of one optimizer step. */
  stepFlops: FlopCount;
  /** fᵢ, strictly increasing, in (0, 1]. */
  fractions: readonly number[];
  /** `wsd`: branches off one main run; `cosine`: one run from scratch per budget. */
  schedule: 'wsd' | 'cosine';
  /** κ: the cooldown's share of each milestone's steps (WSD only). */
  cooldownFraction: number;
  /** Linear warmup steps; every branch must start after warmup. */
  warmupSteps: number;
}

/** The id of the milestone at fraction `f`. */
export function milestoneId(fraction: number): string {
  return `milestone-${Number(fraction.toPrecision(4))}`;
}

/** The smallest step count k with k·F ≥ target (guarding against rounding in the division). */
export function stepsForFlops(target: number, stepModelFlops: number): number {
  let k = Math.max(1, Math.ceil(target / stepModelFlops));
  while (k > 1 && (k - 1) * stepModelFlops >= target) k -= 1;
  while (k * stepModelFlops < target) k += 1;
  return k;
}

/**
 * Plans the milestones of a run; throws a `ConfigError` naming `milestones[i]` when a budget point is too
 * small for its cooldown or warmup, or two fall on the same step.
 *
 * @example
 * planMilestones({ budgetFlops: 1e12, stepFlops: { model: 1e9, executed: 1.2e9 }, fractions: [0.25, 1],
 *   schedule: 'wsd', cooldownFraction: 0.2, warmupSteps: 10 });
 * // milestones: [{ steps: 250, branchStep: 200, ownSteps: 50 }, { steps: 1000, branchStep: 800, ownSteps: 200 }]
 */
export function planMilestones(options: MilestonePlanOptions): MilestonePlan {
  const { budgetFlops, stepFlops: F, fractions, schedule, cooldownFraction, warmupSteps } = options;
  const source = 'trainer config';
  if (!(F.model > 0)) {
    throw new ConfigError(source, [
      {
        path: 'objective.trainingFlopsPerExample',
        value: JSON.stringify(F),
        message: 'a training step must cost > 0 model FLOPs',
        fix: 'price the objective with the FLOP ledger',
      },
    ]);
  }
  const milestones: PlannedMilestone[] = [];
  fractions.forEach((fraction, i) => {
    const fail = (message: string, fix: string): never => {
      throw new ConfigError(source, [{ path: `milestones[${i}]`, value: String(fraction), message, fix }]);
    };
    const targetFlops = fraction * budgetFlops;
    const steps = stepsForFlops(targetFlops, F.model);
    let branchStep = 0;
    if (schedule === 'wsd') {
      if (steps < 2)
        fail(`gives ${steps} step, too few for a cooldown`, 'raise budgetFlops or this fraction');
      const cooldown = Math.max(1, Math.round(cooldownFraction * steps));
      branchStep = steps - cooldown;
      if (branchStep < Math.max(1, warmupSteps)) {
        fail(
          `branches at step ${branchStep} (of ${steps}), inside the ${warmupSteps}-step warmup`,
          'raise this fraction or budgetFlops, or shorten schedule.warmupSteps',
        );
      }
    } else if (steps <= warmupSteps) {
      fail(
        `gives ${steps} steps, not more than the ${warmupSteps}-step warmup`,
        'raise this fraction or shorten the warmup',
      );
    }
    const previous = milestones.at(-1);
    if (previous && previous.steps >= steps) {
      fail(
        `gives ${steps} steps, the same as milestones[${i - 1}] = ${previous.fraction}`,
        'spread the fractions further apart or raise budgetFlops',
      );
    }
    const id = milestoneId(fraction);
    if (milestones.some((m) => m.id === id))
      fail(
        `has the same id '${id}' as an earlier milestone`,
        'use fractions that differ in 4 significant digits',
      );
    milestones.push({
      id,
      fraction,
      targetFlops,
      steps,
      branchStep,
      ownSteps: steps - branchStep,
      charged: scaleFlops(F, steps),
    });
  });
  const mainSteps = schedule === 'wsd' ? (milestones.at(-1)?.branchStep ?? 0) : 0;
  const own = milestones.reduce((a, m) => a + m.ownSteps, 0);
  return {
    schedule,
    stepFlops: { ...F },
    milestones,
    mainSteps,
    flops: {
      main: scaleFlops(F, mainSteps),
      own: scaleFlops(F, own),
      total: scaleFlops(F, mainSteps + own),
      separateRuns: scaleFlops(
        F,
        milestones.reduce((a, m) => a + m.steps, 0),
      ),
    },
  };
}
