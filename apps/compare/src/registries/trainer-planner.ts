/**
 * The FLOPs of a training run as `@flopmatch/trainer` will spend them: one warmup–stable–decay main run to
 * the last milestone's branch point plus one cooldown branch per milestone (`planMilestones`).
 */
import { planMilestones } from '@flopmatch/trainer';
import type { TrainingPlanner } from './registry-pricing.js';

/** `TrainingPlanner` from the trainer's milestone plan. */
export const trainerPlanner: TrainingPlanner = ({ stepFlops, budgets, cooldownFraction, warmupSteps }) => {
  const budgetFlops = budgets.at(-1)!;
  const plan = planMilestones({
    budgetFlops,
    stepFlops,
    fractions: budgets.map((b) => b / budgetFlops),
    schedule: 'wsd',
    cooldownFraction,
    warmupSteps,
  });
  return {
    total: plan.flops.total,
    milestones: plan.milestones.map((m, i) => ({ budgetFlops: budgets[i]!, charged: m.charged })),
  };
};
