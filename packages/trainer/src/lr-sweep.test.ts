import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonl, type StepRecord } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { CharTokenizer } from '../test/char-tokenizer.js';
import { MeanObjective } from '../test/mean-objective.js';
import { ToyLatents } from '../test/toy-latents.js';
import { type SweepRun, sweepLearningRate } from './lr-sweep.js';
import { milestoneDir } from './milestone-store.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

const shape = { height: 2, width: 2, channels: 2 };

describe('sweepLearningRate', () => {
  it('picks the rate that can reach the optimum in the budget, reports divergence and the sweep’s FLOPs', async () => {
    // Data mean ≈ 2 + pattern (|x| ≈ 1–3), w starts at 0. In 30 Adam steps a coordinate moves at most about
    // 30·lr: lr = 1e-3 cannot get there; lr = 10 overshoots by ~10 each step; lr = 1e30 makes (w − x)²
    // overflow float32 at step 2 (w = ±1e30 after step 1); lr = 0.1 gets there and settles in the cooldown.
    const dir = await mkdtemp(join(tmpdir(), 'fm-sweep-'));
    const data = new ToyLatents({ size: 32, offset: 2 });
    const F = new MeanObjective(shape).trainingFlopsPerExample().model * 8; // per step
    const sweep = await sweepLearningRate({
      rates: [1e-3, 0.1, 10, 1e30],
      objective: () => new MeanObjective(shape),
      data,
      tokenizer: new CharTokenizer(),
      dir,
      budgetFlops: 30 * F,
      batchSize: 8,
      promptLength: 4,
    });
    expect(sweep.best).toBe(0.1);
    const [slow, good, fast, huge] = sweep.runs as [SweepRun, SweepRun, SweepRun, SweepRun];
    expect(huge).toMatchObject({
      diverged: true,
      divergedAtStep: 2,
      finalLoss: Number.POSITIVE_INFINITY,
      flops: { model: 2 * F },
    });
    expect(slow.finalLoss).toBeGreaterThan(2 * good.finalLoss);
    expect(fast.finalLoss).toBeGreaterThan(good.finalLoss);
    expect(sweep.flops.model).toBe((30 + 30 + 30 + 2) * F);
    // finalLoss is the mean training loss of each run's last 3 steps (lossWindow 0.1 of 30), from its logs.
    for (const r of [slow, good, fast]) {
      const records = (await readJsonl<StepRecord>(join(milestoneDir(r.dir, 'milestone-1'), 'log.jsonl')))
        .records;
      expect(r.finalLoss).toBeCloseTo(records.slice(-3).reduce((a, x) => a + x.loss, 0) / 3, 12);
    }
    const saved = JSON.parse(await readFile(join(dir, 'sweep.json'), 'utf8'));
    expect(saved.best).toBe(0.1);
    expect(saved.runs[3].finalLoss).toBeNull();
  });

  it('refuses fewer than two rates, and fails when every rate diverges', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fm-sweep-'));
    const base = {
      objective: () => new MeanObjective(shape),
      data: new ToyLatents({ size: 8, offset: 2 }),
      tokenizer: new CharTokenizer(),
      dir,
      budgetFlops: 1e4,
      batchSize: 4,
      promptLength: 4,
    };
    await expect(sweepLearningRate({ ...base, rates: [0.1] })).rejects.toThrow(
      /give at least 2 positive learning rates/,
    );
    await expect(sweepLearningRate({ ...base, rates: [1e30, 1e35] })).rejects.toThrow(
      /every rate diverged \(1e\+30, 1e\+35\)[\s\S]*sweep smaller rates/,
    );
  });
});
