/**
 * The `lr-pick` unit: one short run per candidate learning rate at a small FLOP budget
 * (`@flopmatch/trainer`'s `sweepLearningRate`, every run from the same initial weights and data order),
 * keeping the rate with the lowest final smoothed loss for every seed's full run. Resumes unfinished rates.
 */
import { LatentCache } from '@flopmatch/autoencoder';
import { sweepLearningRate } from '@flopmatch/trainer';
import type { Sweep } from '../sweep/sweep-schema.js';
import { type ObjectiveUnitConfig, objectiveId, objectiveSetupFor } from './objective-setup.js';
import { dependency, type UnitHandler } from './unit-handler.js';
import { fromRun, runTokenizer, unitRegistries } from './unit-support.js';

/** What the plan puts in an lr-pick unit's config. */
export interface LrPickUnitConfig extends ObjectiveUnitConfig {
  training: Pick<Sweep['training'], 'batchSize' | 'warmupSteps' | 'cooldownFraction' | 'conditioningDropout'>;
  lrCandidates: number[];
  budgetFlops: number;
  seed: number;
}

/** Runs `lr-pick` units. */
export const lrPickUnit: UnitHandler<'lr-pick'> = {
  kind: 'lr-pick',
  async run(ctx) {
    const config = ctx.unit.config as unknown as LrPickUnitConfig;
    const r = await unitRegistries(config.plugins);
    const latents = dependency(ctx, 'latents');
    const data = LatentCache.open(fromRun(ctx.runDir, latents.result.path));
    try {
      const tokenizer = await runTokenizer(ctx.runDir, config.dataset, r);
      const component = r.objectives.get(objectiveId(config.objective));
      const setup = objectiveSetupFor(config, data, tokenizer, config.training.conditioningDropout);
      let done = 0;
      const sweep = await sweepLearningRate({
        rates: config.lrCandidates,
        objective: () => component.create(setup, config.seed),
        data,
        tokenizer,
        dir: ctx.dir,
        budgetFlops: config.budgetFlops,
        batchSize: config.training.batchSize,
        promptLength: config.dataset.promptLength,
        seed: config.seed,
        schedule: {
          kind: 'wsd',
          warmupSteps: config.training.warmupSteps,
          cooldownFraction: config.training.cooldownFraction,
        },
        signal: ctx.signal,
        log: (run) => {
          done += 1;
          ctx.progress({
            fraction: done / config.lrCandidates.length,
            message: `lr ${run.rate}: loss ${run.finalLoss}`,
          });
        },
      });
      if (sweep.best === undefined) throw new Error('the learning-rate sweep was stopped before it finished');
      return {
        seeds: { train: config.seed },
        flops: sweep.flops,
        codecHash: data.codecHash,
        result: {
          objective: config.objective.name,
          size: config.size.name,
          codec: config.codec,
          budgetFlops: config.budgetFlops,
          candidates: sweep.runs.map((run) => ({
            lr: run.rate,
            loss: Number.isFinite(run.finalLoss) ? run.finalLoss : null,
            diverged: run.diverged,
          })),
          chosen: sweep.best,
        },
      };
    } finally {
      data.close();
    }
  },
};
