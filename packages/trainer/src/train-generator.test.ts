import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type HostArray,
  loadCheckpoint,
  NonFiniteError,
  Rng,
  readJsonl,
  type StepRecord,
} from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import { forEachBackend } from '@flopmatch/runtime/testing';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CharTokenizer } from '../test/char-tokenizer.js';
import { TinyFlowObjective } from '../test/tiny-flow-objective.js';
import { ToyLatents } from '../test/toy-latents.js';
import { assignHostMap } from './host-tensors.js';
import { LatentBatcher } from './latent-batcher.js';
import { loadMilestone, mainRunDir, milestoneDir } from './milestone-store.js';
import { type TrainerEvent, type TrainGeneratorOptions, trainGenerator } from './train-generator.js';

const tokenizer = new CharTokenizer();
const data = new ToyLatents({ size: 48 });
const L = 8;
const BATCH = 8;
const objective = () =>
  new TinyFlowObjective(tokenizer, { latentShape: data.latentShape, promptLength: L, seed: 1 });
let F: { model: number; executed: number }; // FLOPs per step

let dir: string;
beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
  const per = objective().trainingFlopsPerExample();
  F = { model: per.model * BATCH, executed: per.executed * BATCH };
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fm-trainer-'));
});

function options(steps: number, extra: Partial<TrainGeneratorOptions> = {}): TrainGeneratorOptions {
  return {
    objective: objective(),
    data,
    tokenizer,
    dir,
    budgetFlops: steps * F.model,
    batchSize: BATCH,
    promptLength: L,
    seed: 3,
    optimizer: { lr: 1e-2 },
    ...extra,
  };
}

async function log(runDir: string) {
  return (await readJsonl<StepRecord>(join(runDir, 'log.jsonl'))).records.map(
    ({ wallMs: _w, time: _t, ...r }) => r,
  );
}

describe('trainGenerator (WSD milestones)', () => {
  it('branches a cooldown off the stable main run at each milestone, charging each exactly its FLOPs', async () => {
    const result = await trainGenerator(
      options(120, { milestones: [0.25, 0.5, 1], schedule: { kind: 'wsd', warmupSteps: 5 } }),
    );
    expect(result.stoppedBy).toBe('budget');
    // N = 30, 60, 120; cooldown c = 0.2·N = 6, 12, 24; branch s = 24, 48, 96.
    expect(result.milestones.map((m) => [m.id, m.steps, m.branchStep, m.ownSteps])).toEqual([
      ['milestone-0.25', 30, 24, 6],
      ['milestone-0.5', 60, 48, 12],
      ['milestone-1', 120, 96, 24],
    ]);
    for (const m of result.milestones) {
      expect(m.charged).toEqual({ model: m.steps * F.model, executed: m.steps * F.executed });
      expect(m.charged.model).toBeGreaterThanOrEqual(m.targetFlops); // within one step of its budget
      expect(m.charged.model - m.targetFlops).toBeLessThan(F.model);
    }
    expect(result.plan.flops.total.model).toBe((96 + 6 + 12 + 24) * F.model);
    expect(result.plan.flops.separateRuns.model).toBe((30 + 60 + 120) * F.model);

    // The main run: linear warmup, then the stable rate to step 96 (never decayed by the branches).
    const main = await log(mainRunDir(dir));
    expect(main.map((r) => r.step)).toEqual(Array.from({ length: 96 }, (_, i) => i + 1));
    expect(main.slice(0, 5).map((r) => r.lr)).toEqual([0.002, 0.004, 0.006, 0.008, 0.01].map((x) => x));
    expect(main.slice(5).every((r) => r.lr === 0.01)).toBe(true);
    expect(main.at(-1)!.flops).toEqual({ model: 96 * F.model, executed: 96 * F.executed });

    // Each branch: its own steps sᵢ+1 … Nᵢ, the FLOP counter continuing from sᵢ·F, a 1 − √ decay of the rate.
    for (const m of result.milestones) {
      const branch = await log(milestoneDir(dir, m.id));
      expect(branch.map((r) => r.step)).toEqual(
        Array.from({ length: m.ownSteps }, (_, j) => m.branchStep + j + 1),
      );
      expect(branch[0]!.flops.model).toBe((m.branchStep + 1) * F.model);
      expect(branch.at(-1)!.flops).toEqual(m.charged);
      branch.forEach((r, j) => {
        expect(r.lr).toBeCloseTo(0.01 * (1 - Math.sqrt(j / m.ownSteps)), 15);
      });
      // The branch starts from a copy of the main run's state at sᵢ (weights, optimizer, data, random stream):
      // its first step is the main run's step sᵢ + 1, same batch, same noise, same loss.
      if (m.branchStep < 96) expect(branch[0]!.loss).toBe(main[m.branchStep]!.loss);

      const ckpt = await loadCheckpoint(m.checkpoint);
      expect(ckpt.step).toBe(m.steps);
      expect(ckpt.flops).toEqual(m.charged);
      expect(ckpt.state).toMatchObject({
        phase: m.id,
        milestone: { id: m.id, fraction: m.fraction, schedule: 'wsd' },
      });
      expect(Object.keys(ckpt.tensors).sort()).toEqual([
        'ema-0.05',
        'ema-0.1',
        'ema-0.2',
        'model',
        'optimizer',
      ]);
      expect(await readdir(join(milestoneDir(dir, m.id), 'checkpoints'))).toEqual([
        'latest',
        `step-${m.steps}`,
      ]);
    }

    // The loss falls, and larger budgets end lower.
    const initial = main.slice(0, 10).reduce((a, r) => a + r.loss, 0) / 10;
    const [l1, l2, l3] = result.milestones.map((m) => m.finalLoss) as [number, number, number];
    expect(l3).toBeLessThan(l1);
    expect(l2).toBeLessThan(l1 * 1.1);
    expect(l3).toBeLessThan(0.6 * initial);

    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'));
    expect(summary.milestones.map((m: { charged: unknown }) => m.charged)).toEqual(
      result.milestones.map((m) => m.charged),
    );
  });

  it('exposes raw and EMA weights of a milestone for evaluation', async () => {
    await trainGenerator(
      options(30, { milestones: [1], emas: [0.1, { id: 'ema-long', halfLife: 0.5, relativeTo: 'run' }] }),
    );
    const w = await loadMilestone(dir, 'milestone-1');
    expect(w.result.emas).toEqual(['ema-0.1', 'ema-long']);
    expect(w.flops.model).toBe(30 * F.model);
    const model = objective();
    const names = [...model.namedVariables().keys()].sort();
    expect(Object.keys(w.raw).sort()).toEqual(names);
    expect(Object.keys(w.emas['ema-long']!).sort()).toEqual(names);
    // Averages lag the raw weights: they differ, and the long one (half-life 15 steps) differs more.
    const values = (a: HostArray) => Array.from(a.data as Float32Array);
    const dist = (a: Record<string, HostArray>) =>
      names.reduce(
        (s, n) => s + values(a[n]!).reduce((t, x, i) => t + (x - values(w.raw[n]!)[i]!) ** 2, 0),
        0,
      );
    expect(dist(w.emas['ema-0.1']!)).toBeGreaterThan(0);
    expect(dist(w.emas['ema-long']!)).toBeGreaterThan(dist(w.emas['ema-0.1']!));
    assignHostMap(model.namedVariables(), w.emas['ema-long']!, 'ema-long');
    expect(Array.from(model.namedVariables().get('fc2.weight')!.dataSync())).toEqual(
      values(w.emas['ema-long']!['fc2.weight']!),
    );
    await expect(loadMilestone(dir, 'milestone-0.5')).rejects.toThrow(/milestone 'milestone-0.5' not found/);
  });
});

describe('trainGenerator (resume and stops)', () => {
  it('killed in the main run and in a branch, then rerun, ends bitwise where an uninterrupted run ends', async () => {
    const common = {
      milestones: [0.5, 1],
      checkpointEverySteps: 5,
      schedule: { kind: 'wsd' as const, warmupSteps: 2 },
    };
    const straightDir = dir;
    const straight = await trainGenerator(options(40, common)); // N = 20, 40; s = 16, 32

    const killedDir = join(dir, 'killed');
    const killAt = (phase: string, step: number) => (e: TrainerEvent) => {
      if (e.kind === 'step' && e.phase === phase && e.progress.step === step)
        throw new Error(`killed at ${phase} step ${step}`);
    };
    const run = (kill?: (e: TrainerEvent) => void) =>
      trainGenerator({ ...options(40, common), dir: killedDir, ...(kill ? { log: kill } : {}) });
    await expect(run(killAt('main', 11))).rejects.toThrow('killed at main step 11');
    await expect(run(killAt('milestone-0.5', 18))).rejects.toThrow('killed at milestone-0.5 step 18');
    await expect(run(killAt('main', 27))).rejects.toThrow('killed at main step 27');
    const resumed = await run();

    expect(resumed.milestones.map((m) => m.finalLoss)).toEqual(straight.milestones.map((m) => m.finalLoss));
    for (const [a, b] of straight.milestones.map((m, i) => [m, resumed.milestones[i]!] as const)) {
      const [ca, cb] = [await loadCheckpoint(a.checkpoint), await loadCheckpoint(b.checkpoint)];
      expect(cb.manifest.files).toEqual(ca.manifest.files); // same sha256 for model, optimizer and every EMA
      expect(cb.rng).toEqual(ca.rng);
      expect(cb.data).toEqual(ca.data);
      expect(await log(milestoneDir(killedDir, b.id))).toEqual(await log(milestoneDir(straightDir, a.id)));
    }
    expect(await log(mainRunDir(killedDir))).toEqual(await log(mainRunDir(straightDir)));

    // Aborting through the signal stops cleanly; a rerun finishes identically.
    const abortDir = join(dir, 'aborted');
    const controller = new AbortController();
    const stopped = await trainGenerator({
      ...options(40, common),
      dir: abortDir,
      signal: controller.signal,
      log: (e) => e.kind === 'step' && e.phase === 'main' && e.progress.step === 23 && controller.abort(),
    });
    expect(stopped.stoppedBy).toBe('signal');
    expect(stopped.milestones.map((m) => m.id)).toEqual(['milestone-0.5']);
    const finished = await trainGenerator({ ...options(40, common), dir: abortDir });
    expect((await loadCheckpoint(finished.milestones[1]!.checkpoint)).manifest.files).toEqual(
      (await loadCheckpoint(straight.milestones[1]!.checkpoint)).manifest.files,
    );

    // A finished run reruns as a no-op; a different config is refused.
    const again = await trainGenerator(options(40, common));
    expect(again.milestones).toEqual(straight.milestones);
    expect((await log(mainRunDir(dir))).length).toBe(32);
    await expect(trainGenerator(options(40, { ...common, optimizer: { lr: 2e-2 } }))).rejects.toThrow(
      /with a different config \(first difference at 'trainer\.optimizer\.lr'\)/,
    );
  });

  it('stops on a NaN from a poisoned example at the step that draws it, naming the last good checkpoint', async () => {
    // The run's data order (seed 3): poison the first example of step 5's batch.
    const order = new LatentBatcher(data, tokenizer, {
      batchSize: BATCH,
      promptLength: L,
      rng: new Rng(3).split('data'),
    });
    const poisonIndex = order.epochOrder(0)[4 * BATCH]!;
    const poisoned = new ToyLatents({ size: 48, poisonIndex });
    const bad = 5;
    const error = await trainGenerator({
      ...options(120, { checkpointEverySteps: 2, milestones: [1] }),
      data: poisoned,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(NonFiniteError);
    expect(error.step).toBe(bad);
    expect(error.message).toMatch(new RegExp(`^training diverged at step ${bad}: loss is NaN`));
    expect(error.checkpoint).toBe(join(mainRunDir(dir), 'checkpoints', 'step-4'));
    expect(error.message).toContain(
      `the last good checkpoint is ${join(mainRunDir(dir), 'checkpoints', 'step-4')}`,
    );
  });
});

describe('trainGenerator (one cosine run per budget)', () => {
  it('trains every budget from the same initial weights with its own cosine schedule', async () => {
    const result = await trainGenerator(
      options(24, {
        milestones: [0.5, 1],
        schedule: { kind: 'cosine', warmupSteps: 4 },
        emas: [{ halfLife: 0.25, relativeTo: 'run' }],
      }),
    );
    expect(result.milestones.map((m) => [m.steps, m.branchStep, m.ownSteps])).toEqual([
      [12, 0, 12],
      [24, 0, 24],
    ]);
    expect(result.plan.flops.total).toEqual(result.plan.flops.separateRuns);
    const [short, long] = [
      await log(milestoneDir(dir, 'milestone-0.5')),
      await log(milestoneDir(dir, 'milestone-1')),
    ];
    expect(short.length).toBe(12);
    expect(long.length).toBe(24);
    // Warmup rates are equal, so the first 4 steps are identical: both start from the same weights and data.
    expect(short.slice(0, 4)).toEqual(long.slice(0, 4));
    expect(short[4]!.loss).toBe(long[4]!.loss); // step 5 runs at the peak in both …
    expect(short[5]!.lr).toBeLessThan(long[5]!.lr!); // … then the short run decays faster
    expect(short.at(-1)!.lr).toBeCloseTo(0.001 + 0.5 * 0.009 * (1 + Math.cos((Math.PI * 7) / 8)), 12); // step 11 of 12
    expect(await readdir(dir)).not.toContain('main');
  });
});

forEachBackend(['wasm'], () => {
  it('trains on the fast wasm backend: the loss falls', async () => {
    const result = await trainGenerator(options(60, { milestones: [1], emas: [0.1] }));
    const first = (await log(mainRunDir(dir))).slice(0, 6);
    expect(result.milestones[0]!.finalLoss).toBeLessThan(0.8 * (first.reduce((a, r) => a + r.loss, 0) / 6));
  });
});
