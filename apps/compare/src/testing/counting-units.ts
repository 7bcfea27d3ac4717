/**
 * Test doubles of unit handlers: cheap units that behave like the real ones where the scheduler and the
 * pool can tell (a `train` unit that trains through core's `runTraining` with real checkpoints and a
 * deterministic random walk as its "loss", sleeping `stepMs` per step so a test can kill it mid-unit;
 * an `lr-pick` unit that reads its dependency). Loaded by worker processes through `handlersModule`.
 */

import { join, relative } from 'node:path';
import { readJsonl, runTraining, type StepRecord, type TrainingTask } from '@flopmatch/core';
import type { UnitSpec } from '../plan/unit-spec.js';
import { dependency, type UnitHandlers } from '../units/unit-handler.js';

/** Config of a counting `train` unit. */
export interface CountingTrainConfig {
  steps: number;
  stepMs: number;
  checkpointEvery: number;
  seed: number;
  /** Model FLOPs charged per step. */
  flopsPerStep: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A `train` unit of the counting kind. */
export function countingTrainUnit(
  id: string,
  config: CountingTrainConfig,
  dependsOn: string[] = [],
): UnitSpec {
  return {
    id,
    kind: 'train',
    dependsOn,
    config: { ...config },
    flops: { model: config.steps * config.flopsPerStep, executed: config.steps * config.flopsPerStep },
    overheadSeconds: 0,
    summary: `count ${config.steps} steps`,
  };
}

/** An `lr-pick` unit that picks the lr whose index is the train unit's final loss rounded, mod the list. */
export function countingLrPickUnit(id: string, train: string, lrs: number[]): UnitSpec {
  return {
    id,
    kind: 'lr-pick',
    dependsOn: [train],
    config: { lrs },
    flops: { model: 0, executed: 0 },
    overheadSeconds: 0,
    summary: `pick from ${lrs.length} lrs`,
  };
}

/** Handlers for the counting units (`train`, `lr-pick`), and a `codec` unit that always fails. */
export const unitHandlers: UnitHandlers = {
  train: {
    kind: 'train',
    async run(ctx) {
      const c = ctx.unit.config as unknown as CountingTrainConfig;
      let x = 0;
      const task: TrainingTask = {
        async step({ rng }) {
          await sleep(c.stepMs);
          x += rng.uniform();
          return { loss: x, flops: { model: c.flopsPerStep, executed: c.flopsPerStep } };
        },
        state: () => ({ tensors: {}, json: { x } }),
        restore: (s) => {
          x = (s.json as { x: number }).x;
        },
      };
      const out = await runTraining({
        dir: ctx.dir,
        task,
        budget: { steps: c.steps },
        seed: c.seed,
        checkpointEvery: { steps: c.checkpointEvery },
        config: ctx.unit.config,
        signal: ctx.signal,
        onProgress: (p) => ctx.progress({ fraction: p.fraction, flops: p.spent.model }),
      });
      if (out.resumedFrom !== undefined) ctx.log(`resumed from step ${out.resumedFrom}`);
      const { records } = await readJsonl<StepRecord>(join(ctx.dir, 'log.jsonl'));
      return {
        seeds: { train: c.seed },
        flops: out.flops,
        result: {
          objective: 'flow',
          size: 'count',
          width: 1,
          depth: 1,
          params: 1,
          codec: 'none',
          seed: c.seed,
          lr: 1,
          batchSize: 1,
          trainingSetSize: 1,
          flopsPerExample: { model: c.flopsPerStep, executed: c.flopsPerStep },
          ema: null,
          milestones: [
            {
              index: 0,
              budgetFlops: c.steps * c.flopsPerStep,
              spent: out.flops,
              step: out.step,
              checkpoint: relative(ctx.runDir, out.checkpoint),
              loss: x,
            },
          ],
          lossCurve: records.map((r) => ({ step: r.step, flops: r.flops.model, loss: r.loss })),
        },
      };
    },
  },
  'lr-pick': {
    kind: 'lr-pick',
    async run(ctx) {
      const train = dependency(ctx, 'train');
      const lrs = (ctx.unit.config as { lrs: number[] }).lrs;
      const final = train.result.milestones.at(-1)!.loss;
      return {
        seeds: {},
        flops: { model: 0, executed: 0 },
        result: {
          objective: 'flow',
          size: 'count',
          codec: 'none',
          budgetFlops: 1,
          candidates: lrs.map((lr) => ({ lr, loss: final, diverged: false })),
          chosen: lrs[Math.round(final) % lrs.length]!,
        },
      };
    },
  },
  codec: {
    kind: 'codec',
    async run(ctx) {
      throw new Error(`counting codec unit '${ctx.unit.id}' fails on purpose`);
    },
  },
};
