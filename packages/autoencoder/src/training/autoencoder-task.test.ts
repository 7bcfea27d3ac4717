import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCheckpoint, Rng, readJsonl, runTraining, type StepRecord } from '@flopmatch/core';
import { ShapesDataset } from '@flopmatch/data';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GainBottleneck, TINY_AUTOENCODER } from '../../test/test-bottleneck.js';
import { Autoencoder } from '../network/autoencoder.js';
import { parseConvAutoencoderConfig } from '../network/conv-autoencoder-config.js';
import { parseAeTrainConfig } from './ae-train-config.js';
import { AutoencoderTrainingTask } from './autoencoder-task.js';
import { aeLearningRate } from './lr-schedule.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

const train = new ShapesDataset({ resolution: 16, size: 64 });
const heldout = new ShapesDataset({ resolution: 16, split: 'test', size: 8 });

function makeTask(overrides: Record<string, unknown> = {}, seed = 'ae') {
  const model = new Autoencoder(parseConvAutoencoderConfig(TINY_AUTOENCODER), new GainBottleneck(), {
    rng: new Rng(seed),
  });
  const task = new AutoencoderTrainingTask({
    model,
    train: parseAeTrainConfig({ batchSize: 8, lr: 5e-3, warmupSteps: 2, statsEvery: 0, ...overrides }),
    data: train,
    heldout,
  });
  return { model, task };
}

async function logOf(dir: string) {
  return (await readJsonl<StepRecord>(join(dir, 'log.jsonl'))).records.map(
    ({ wallMs: _w, time: _t, ...r }) => r,
  );
}

describe('AutoencoderTrainingTask', () => {
  it('trains on core’s loop: the loss falls, FLOPs come from the ledger, the bottleneck is updated', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ae-task-'));
    const { model, task } = makeTask({ statsEvery: 10, statsImages: 8 });
    const result = await runTraining({ dir, task, budget: { steps: 30 }, seed: 1 });
    const log = await logOf(dir);
    const mean = (rs: typeof log) => rs.reduce((a, r) => a + r.loss, 0) / rs.length;
    expect(mean(log.slice(-5))).toBeLessThan(0.6 * mean(log.slice(0, 5)));
    const perImage = task.flopsPerImage();
    const cost = model.cost();
    expect(perImage.model).toBe(
      cost.encoder.training.model + cost.decoder.training.model + 3 * cost.bottleneckForward.model,
    );
    expect(result.flops.model).toBe(30 * 8 * perImage.model);
    expect(log[29]!.metrics).toMatchObject({ updates: 30, l1: expect.any(Number), l2z: expect.any(Number) });
    expect(log[9]!.metrics!.heldoutPsnr).toBeGreaterThan(0);
    expect(log[29]!.metrics!.heldoutPsnr).toBeGreaterThan(log[9]!.metrics!.heldoutPsnr!);
    task.dispose();
    model.dispose();
  });

  it('resumes a stopped run to the same weights, optimizer state and log as an uninterrupted one', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ae-resume-'));
    const straight = makeTask();
    await runTraining({
      dir: join(root, 'a'),
      task: straight.task,
      budget: { steps: 4 },
      seed: 2,
      config: { t: 1 },
    });
    const first = makeTask();
    await runTraining({
      dir: join(root, 'b'),
      task: first.task,
      budget: { steps: 2 },
      seed: 2,
      config: { t: 1 },
    });
    const second = makeTask({}, 'different-init'); // initial weights are overwritten by the checkpoint
    const result = await runTraining({
      dir: join(root, 'b'),
      task: second.task,
      budget: { steps: 4 },
      seed: 2,
      config: { t: 1 },
    });
    expect(result.resumedFrom).toBe(2);
    const [ca, cb] = [
      await loadCheckpoint(join(root, 'a', 'checkpoints')),
      await loadCheckpoint(join(root, 'b', 'checkpoints')),
    ];
    expect(cb.tensors).toEqual(ca.tensors); // model (with buffers) and AdamW moments, bitwise
    expect(cb.data).toEqual(ca.data);
    expect(await logOf(join(root, 'b'))).toEqual(await logOf(join(root, 'a')));
    expect((await readdir(join(root, 'b', 'checkpoints'))).sort()).toEqual(['latest', 'step-2', 'step-4']);
    for (const t of [straight, first, second]) {
      t.task.dispose();
      t.model.dispose();
    }
  });

  it('adds the patch-GAN with the adaptive weight and the perceptual loss when asked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ae-gan-'));
    const { model, task } = makeTask({
      gan: { weight: 0.5, start: 1, width: 8, layers: 1 },
      loss: { perceptual: 0.1 },
    });
    await runTraining({ dir, task, budget: { steps: 3 }, seed: 3 });
    const log = await logOf(dir);
    expect(log[0]!.metrics!.ganLambda).toBeUndefined(); // before `start`
    expect(log[2]!.metrics!.ganLambda).toBeGreaterThan(0);
    expect(Number.isFinite(log[2]!.metrics!.ganD)).toBe(true);
    expect(log[2]!.metrics!.perceptual).toBeGreaterThan(0);
    expect(task.flopsPerImage(1).model).toBeGreaterThan(task.flopsPerImage(0).model); // GAN passes charged once on
    const ckpt = await loadCheckpoint(join(dir, 'checkpoints'));
    expect(Object.keys(ckpt.tensors).sort()).toEqual([
      'discriminator',
      'discriminator_optimizer',
      'model',
      'optimizer',
    ]);
    task.dispose();
    model.dispose();
  });
});

describe('aeLearningRate', () => {
  it('warms up linearly, then decays by cosine to lr·minLrRatio at the step budget', () => {
    const c = { lr: 1e-3, warmupSteps: 10, schedule: 'cosine' as const, minLrRatio: 0.1 };
    expect(aeLearningRate(0, c, { steps: 110 })).toBeCloseTo(1e-4, 12);
    expect(aeLearningRate(10, c, { steps: 110 })).toBeCloseTo(1e-3, 12);
    expect(aeLearningRate(60, c, { steps: 110 })).toBeCloseTo(1e-4 + 0.5 * 9e-4, 12);
    expect(aeLearningRate(110, c, { steps: 110 })).toBeCloseTo(1e-4, 12);
    expect(aeLearningRate(60, c, { flops: 1e9 })).toBe(1e-3); // no step budget: constant after warmup
  });
});

it('keeps tensors from leaking across steps', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ae-leak-'));
  const { model, task } = makeTask();
  await runTraining({ dir, task, budget: { steps: 1 }, log: false });
  const before = tf.memory().numTensors;
  await runTraining({ dir, task, budget: { steps: 3 }, log: false });
  expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 2);
  task.dispose();
  model.dispose();
});
