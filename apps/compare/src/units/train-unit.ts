/**
 * The `train` unit: trains one objective on one backbone size, codec and seed to the sweep's largest FLOP
 * budget with `@flopmatch/trainer`'s `trainGenerator` (one warmup–stable–decay main run, a cooldown branch
 * and saved weights — raw and EMA — at every budget milestone). The trainer checkpoints as it goes, so a
 * killed unit resumes from its last checkpoint with the same result as an uninterrupted run.
 */
import { join } from 'node:path';
import { LatentCache } from '@flopmatch/autoencoder';
import { readJsonl, type StepRecord } from '@flopmatch/core';
import { mainRunDir, trainGenerator } from '@flopmatch/trainer';
import type { Sweep } from '../sweep/sweep-schema.js';
import { type ObjectiveUnitConfig, objectiveId, objectiveSetupFor } from './objective-setup.js';
import { dependency, type UnitHandler } from './unit-handler.js';
import { fromRun, runRelative, runTokenizer, unitRegistries } from './unit-support.js';

/** What the plan puts in a train unit's config. */
export interface TrainUnitConfig extends ObjectiveUnitConfig {
  seed: number;
  training: Pick<
    Sweep['training'],
    'batchSize' | 'warmupSteps' | 'cooldownFraction' | 'conditioningDropout' | 'ema' | 'checkpointEverySteps'
  > & {
    budgets: number[];
  };
  /** A fixed learning rate, or `picked` (the lr-pick unit's choice). */
  lr: number | 'picked';
}

/** The EMA checkpoint file of a half-life, as the trainer names it. */
export function emaFileId(halfLife: number): string {
  return `ema-${halfLife}`;
}

/** At most `max` points of a loss curve, evenly spaced, the last kept. */
export function thinCurve<T>(points: readonly T[], max = 300): T[] {
  if (points.length <= max) return [...points];
  const step = points.length / max;
  const out = Array.from({ length: max - 1 }, (_, i) => points[Math.floor(i * step)]!);
  out.push(points.at(-1)!);
  return out;
}

/** Runs `train` units. */
export const trainUnit: UnitHandler<'train'> = {
  kind: 'train',
  async run(ctx) {
    const config = ctx.unit.config as unknown as TrainUnitConfig;
    const r = await unitRegistries(config.plugins);
    const latents = dependency(ctx, 'latents');
    const lr = config.lr === 'picked' ? dependency(ctx, 'lr-pick').result.chosen : config.lr;
    const data = LatentCache.open(fromRun(ctx.runDir, latents.result.path));
    const tokenizer = await runTokenizer(ctx.runDir, config.dataset, r);
    const component = r.objectives.get(objectiveId(config.objective));
    const objective = component.create(
      objectiveSetupFor(config, data, tokenizer, config.training.conditioningDropout),
      config.seed,
    );
    try {
      const budgets = config.training.budgets;
      const budgetFlops = budgets.at(-1)!;
      const t = config.training;
      let planned = 0;
      const result = await trainGenerator({
        objective,
        data,
        tokenizer,
        dir: ctx.dir,
        budgetFlops,
        batchSize: t.batchSize,
        promptLength: config.dataset.promptLength,
        seed: config.seed,
        optimizer: { lr },
        schedule: { kind: 'wsd', warmupSteps: t.warmupSteps, cooldownFraction: t.cooldownFraction },
        milestones: budgets.map((b) => b / budgetFlops),
        emas: t.ema.enabled ? [t.ema.halfLife] : [],
        checkpointEverySteps: t.checkpointEverySteps,
        signal: ctx.signal,
        log: (event) => {
          if (event.kind === 'plan') planned = event.plan.flops.total.executed;
          else if (event.kind === 'step' && planned > 0) {
            const spent = event.progress.spent.executed;
            ctx.progress({ fraction: Math.min(1, spent / planned), flops: event.progress.spent.model });
          } else if (event.kind === 'milestone')
            ctx.log(`milestone ${event.milestone.id}: loss ${event.milestone.finalLoss}`);
        },
      });
      if (result.stoppedBy !== 'budget')
        throw new Error('training was stopped before its budget (rerun to resume)');
      const curve = await readJsonl<StepRecord>(join(mainRunDir(ctx.dir), 'log.jsonl')).catch(() => ({
        records: [] as StepRecord[],
      }));
      return {
        seeds: { train: config.seed, init: config.seed },
        flops: result.plan.flops.total,
        codecHash: data.codecHash,
        result: {
          objective: config.objective.name,
          size: config.size.name,
          width: config.size.width,
          depth: config.size.layers,
          params:
            (objective as unknown as { ledgerParameterCount?: () => number }).ledgerParameterCount?.() ?? 0,
          codec: config.codec,
          seed: config.seed,
          lr,
          batchSize: t.batchSize,
          trainingSetSize: data.size,
          flopsPerExample: objective.trainingFlopsPerExample(),
          ema: t.ema.enabled ? { halfLife: t.ema.halfLife } : null,
          milestones: result.milestones.map((m, index) => ({
            index,
            budgetFlops: budgets[index]!,
            spent: m.charged,
            step: m.steps,
            checkpoint: runRelative(ctx.runDir, m.checkpoint),
            loss: m.finalLoss,
          })),
          lossCurve: thinCurve(curve.records).map((p) => ({
            step: p.step,
            flops: p.flops.model,
            loss: p.loss,
          })),
        },
      };
    } finally {
      objective.dispose();
      data.close();
    }
  },
};
