import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { BATCH, D, LinearRegressionTask } from '../../test/linear-regression-task.js';
import { loadCheckpoint } from '../checkpoint/load-checkpoint.js';
import { ConfigError } from '../errors.js';
import { readJsonl } from '../io/read-jsonl.js';
import { NonFiniteError } from './non-finite.js';
import type { TrainingProgress } from './progress.js';
import { runTraining } from './run-training.js';
import type { StepRecord } from './step-log.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fm-train-'));
});

const STEP_FLOPS = BATCH * 6 * D; // 192 model FLOPs per step
const CONFIG = { task: 'linear', lr: 0.05 };

/** Log records without the wall-clock fields, for comparing runs. */
async function logOf(runDir: string) {
  const { records, truncated } = await readJsonl<StepRecord>(join(runDir, 'log.jsonl'));
  expect(truncated).toBeUndefined();
  return records.map(({ wallMs: _w, time: _t, ...rest }) => rest);
}

describe('runTraining', () => {
  it('trains to a step budget: the loss falls, FLOPs add up, one log record per step', async () => {
    const task = new LinearRegressionTask();
    const result = await runTraining({ dir, task, budget: { steps: 40 }, config: CONFIG, seed: 1 });
    expect(result).toMatchObject({
      step: 40,
      stoppedBy: 'steps',
      resumedFrom: undefined,
      checkpoint: join(dir, 'checkpoints', 'step-40'),
    });
    expect(result.flops).toEqual({ model: 40 * STEP_FLOPS, executed: 40 * 1.5 * STEP_FLOPS });
    const log = await logOf(dir);
    expect(log.map((r) => r.step)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(log[9]).toMatchObject({ flops: { model: 10 * STEP_FLOPS, executed: 15 * STEP_FLOPS }, lr: 0.05 });
    expect(typeof log[9]!.metrics!.gradNorm).toBe('number');
    const mean = (rs: typeof log) => rs.reduce((a, r) => a + r.loss, 0) / rs.length;
    expect(mean(log.slice(-8))).toBeLessThan(0.05 * mean(log.slice(0, 8)));
    const raw = (await readFile(join(dir, 'log.jsonl'), 'utf8')).trim().split('\n');
    expect(JSON.parse(raw[0]!)).toEqual(
      expect.objectContaining({ wallMs: expect.any(Number), time: expect.any(String) }),
    );
  });

  it('stops at a FLOP budget within one step', async () => {
    // Step i costs 100·(i + 1) model FLOPs: 100, 200, 300, … Cumulative after 5 steps: 1500.
    const flopsAt = (i: number) => ({ model: 100 * (i + 1), executed: 100 * (i + 1) });
    const result = await runTraining({
      dir,
      task: new LinearRegressionTask({ flopsAt }),
      budget: { flops: 1200 },
    });
    expect(result.stoppedBy).toBe('flops');
    expect(result.step).toBe(5); // after 4 steps only 1000 < 1200 were spent
    expect(result.flops.model).toBe(1500);
    expect(result.flops.model - 1200).toBeLessThan(flopsAt(4).model); // overshoot < the last step
  });

  it('checkpoints every N steps and every N FLOPs, keeping the last few', async () => {
    await runTraining({
      dir,
      task: new LinearRegressionTask(),
      budget: { steps: 12 },
      checkpointEvery: { steps: 5 },
      keepLast: 10,
    });
    expect((await readdir(join(dir, 'checkpoints'))).sort()).toEqual([
      'latest',
      'step-10',
      'step-12',
      'step-5',
    ]);

    const d2 = join(dir, 'flops');
    await runTraining({
      dir: d2,
      task: new LinearRegressionTask(),
      budget: { steps: 9 },
      checkpointEvery: { flops: 2.5 * STEP_FLOPS },
      keepLast: 2,
    });
    // FLOP multiples of 2.5 steps are crossed at steps 3, 5, 8; the final save is step 9; keep 2.
    expect((await readdir(join(d2, 'checkpoints'))).sort()).toEqual(['latest', 'step-8', 'step-9']);
    const ckpt = await loadCheckpoint(join(d2, 'checkpoints'));
    expect(ckpt).toMatchObject({
      step: 9,
      flops: { model: 9 * STEP_FLOPS },
      data: { epoch: 1, index: 8 },
      state: { updates: 9 },
    });
  });

  it('resumes a killed run to exactly the state and log of an uninterrupted one', async () => {
    const common = { budget: { steps: 23 }, checkpointEvery: { steps: 5 }, config: CONFIG, seed: 'resume' };
    const straight = new LinearRegressionTask();
    const a = join(dir, 'straight');
    await runTraining({ ...common, dir: a, task: straight });

    const b = join(dir, 'killed');
    const crashing = new LinearRegressionTask({ crashAt: 12 });
    await expect(runTraining({ ...common, dir: b, task: crashing })).rejects.toThrow(
      'simulated crash in step 12',
    );
    expect((await logOf(b)).length).toBe(12); // steps 11 and 12 were logged after the step-10 checkpoint

    const resumed = new LinearRegressionTask();
    const result = await runTraining({ ...common, dir: b, task: resumed });
    expect(result.resumedFrom).toBe(10);
    expect(result.step).toBe(23);
    expect(resumed.w).toEqual(straight.w); // bitwise: float64 arrays compared element by element
    expect(Array.from(resumed.w)).toEqual(Array.from(straight.w));
    expect(resumed.seen).toEqual(straight.seen.slice(10 * BATCH)); // the same examples in the same order
    expect(await logOf(b)).toEqual(await logOf(a));
    const [ca, cb] = [
      await loadCheckpoint(join(a, 'checkpoints')),
      await loadCheckpoint(join(b, 'checkpoints')),
    ];
    expect(cb.rng).toEqual(ca.rng);
    expect(cb.data).toEqual(ca.data);
    expect(cb.tensors).toEqual(ca.tensors);
  });

  it('stops cleanly on abort, checkpointing the current step, and resumes identically', async () => {
    const straight = new LinearRegressionTask();
    await runTraining({ dir: join(dir, 'a'), task: straight, budget: { steps: 15 }, seed: 3 });

    const controller = new AbortController();
    const first = new LinearRegressionTask();
    const stopped = await runTraining({
      dir: join(dir, 'b'),
      task: first,
      budget: { steps: 15 },
      seed: 3,
      signal: controller.signal,
      onProgress: (p) => p.step === 7 && controller.abort(),
    });
    expect(stopped).toMatchObject({
      step: 7,
      stoppedBy: 'signal',
      checkpoint: join(dir, 'b', 'checkpoints', 'step-7'),
    });
    const second = new LinearRegressionTask();
    await runTraining({ dir: join(dir, 'b'), task: second, budget: { steps: 15 }, seed: 3 });
    expect(Array.from(second.w)).toEqual(Array.from(straight.w));
  });

  it('extends a finished run when the budget grows', async () => {
    await runTraining({ dir, task: new LinearRegressionTask(), budget: { steps: 4 } });
    const again = await runTraining({ dir, task: new LinearRegressionTask(), budget: { steps: 4 } });
    expect(again).toMatchObject({ step: 4, resumedFrom: 4, checkpoint: join(dir, 'checkpoints', 'step-4') });
    const more = await runTraining({ dir, task: new LinearRegressionTask(), budget: { steps: 6 } });
    expect(more).toMatchObject({ step: 6, resumedFrom: 4 });
    expect((await logOf(dir)).map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('stops on a NaN loss, naming the step and pointing at the last good checkpoint', async () => {
    const err = await runTraining({
      dir,
      task: new LinearRegressionTask({ lr: 1e3 }), // diverges: |1 − 2·lr·λ| ≫ 1
      budget: { steps: 500 },
      checkpointEvery: { steps: 3 },
    }).catch((e) => e);
    expect(err).toBeInstanceOf(NonFiniteError);
    expect(err.tensor).toBe('loss');
    expect(err.message).toMatch(new RegExp(`^training diverged at step ${err.step}: loss is (NaN|Infinity)`));
    const good = join(dir, 'checkpoints', `step-${Math.floor((err.step - 1) / 3) * 3}`);
    expect(err.checkpoint).toBe(good);
    expect(err.message).toContain(`the last good checkpoint is ${good}`);
    expect(Number.isFinite((await loadCheckpoint(good)).tensors.model!.w!.data[0] as number)).toBe(true);
  });

  it('stops on a NaN in a checked tensor, naming it', async () => {
    const err = await runTraining({
      dir,
      task: new LinearRegressionTask({ poisonGradAt: 1 }),
      budget: { steps: 5 },
    }).catch((e) => e);
    expect(err).toBeInstanceOf(NonFiniteError);
    expect(err.message).toBe(
      'training diverged at step 2: grad.w has NaN at index 2 (of 4)\n  fix: no checkpoint was saved yet; restart with a lower learning rate or check the data',
    );
  });

  it('reports progress with an ETA from the measured FLOP rate', async () => {
    let clock = 0;
    const seen: TrainingProgress[] = [];
    await runTraining({
      dir,
      task: new LinearRegressionTask(),
      budget: { flops: 10 * STEP_FLOPS },
      now: () => (clock += 250), // every clock read advances 250 ms
      onProgress: (p) => seen.push(p),
      log: false,
    });
    expect(seen.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const p = seen[3]!; // after 4 steps
    // Reads: session start, then per step t0, t1 and the progress read → 4 steps end at 1 + 3·4 reads.
    expect(p.elapsedSeconds).toBeCloseTo((12 * 250) / 1000, 12);
    expect(p.fraction).toBeCloseTo(0.4, 12);
    expect(p.flopsPerSecond).toBeCloseTo((4 * STEP_FLOPS) / 3, 9);
    expect(p.etaSeconds).toBeCloseTo((6 * STEP_FLOPS) / p.flopsPerSecond, 9); // = 4.5 s
    expect(seen.at(-1)!.etaSeconds).toBe(0);
    await expect(readdir(dir)).resolves.not.toContain('log.jsonl');
  });

  it('refuses bad options, a changed config on resume, and reuse of a run directory', async () => {
    await expect(runTraining({ dir, task: new LinearRegressionTask(), budget: {} })).rejects.toThrow(
      /give budget.steps or budget.flops/,
    );
    await expect(
      runTraining({ dir, task: new LinearRegressionTask(), budget: { steps: 0 } }),
    ).rejects.toBeInstanceOf(ConfigError);
    await runTraining({ dir, task: new LinearRegressionTask(), budget: { steps: 2 }, config: CONFIG });
    await expect(
      runTraining({
        dir,
        task: new LinearRegressionTask(),
        budget: { steps: 4 },
        config: { ...CONFIG, lr: 0.1 },
      }),
    ).rejects.toThrow(/step-2 was saved with a different config \(first difference at 'lr'\)/);
    await expect(
      runTraining({
        dir,
        task: new LinearRegressionTask(),
        budget: { steps: 4 },
        config: CONFIG,
        resume: false,
      }),
    ).rejects.toThrow(/already holds checkpoints/);
  });

  it('refuses a step that reports no FLOPs', async () => {
    const task = new LinearRegressionTask({ flopsAt: () => ({ model: Number.NaN, executed: 0 }) });
    await expect(runTraining({ dir, task, budget: { steps: 3 } })).rejects.toThrow(
      /task.step returned flops .* at step 1/,
    );
  });
});
