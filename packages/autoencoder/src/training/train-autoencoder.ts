/**
 * Trains a codec end to end on core's training loop and saves it: build the autoencoder from the run
 * config, train (checkpoints, resume, progress from `runTraining`), let the family finalise it (the VAE's
 * scale factor), write the codec directory and its reconstruction report. What `flopmatch train-ae` runs.
 */
import { join } from 'node:path';
import {
  type Dataset,
  FlopmatchError,
  Rng,
  readJsonl,
  runTraining,
  type StepRecord,
  type TrainingProgress,
  type TrainingResult,
} from '@flopmatch/core';
import { createDataset } from '@flopmatch/data';
import { runtimeInfo } from '@flopmatch/runtime';
import type { CodecFamily, TrainedCodec } from '../codec/codec-family.js';
import { type CodecManifest, updateCodecReport } from '../codec/codec-files.js';
import { saveCodec } from '../codec/save-codec.js';
import { Autoencoder } from '../network/autoencoder.js';
import { parseConvAutoencoderConfig } from '../network/conv-autoencoder-config.js';
import {
  type ImageMetrics,
  type ReconstructionReport,
  reconstructionReport,
} from '../report/reconstruction-report.js';
import type { AeRunConfig } from './ae-run-config.js';
import { parseAeTrainConfig } from './ae-train-config.js';
import { AutoencoderTrainingTask } from './autoencoder-task.js';

/** Wall seconds of all steps in a run's log (every session, resumes included); null without a log. */
async function stepSeconds(logPath: string): Promise<number | null> {
  const log = await readJsonl<StepRecord>(logPath).catch(() => undefined);
  if (!log) return null;
  return log.records.reduce((s, r) => s + r.wallMs, 0) / 1000;
}

/** Options of `trainAutoencoder`. */
export interface TrainAutoencoderOptions {
  /** The merged, parsed run config. */
  config: AeRunConfig;
  /** The family named by `config.codec`. */
  family: CodecFamily;
  /** Run directory: `checkpoints/`, `log.jsonl`; the codec goes to `<dir>/codec` unless `codecDir` is given. */
  dir: string;
  /** Where to write the codec. Default `<dir>/codec`. */
  codecDir?: string;
  /** Injected image metrics for the report (SSIM). */
  metrics?: ImageMetrics;
  /** Called after every step. */
  onProgress?: (progress: TrainingProgress) => void;
  /** Abort to stop after the current step (a checkpoint is saved; no codec is written). */
  signal?: AbortSignal;
  /** Builds datasets by name and config. Default `@flopmatch/data`'s `createDataset`. */
  datasets?: (name: string, config: unknown) => Dataset;
}

/** What `trainAutoencoder` produced. */
export interface TrainAutoencoderResult {
  training: TrainingResult;
  /** Absent when the run was stopped by `signal` before its budget. */
  codec?: TrainedCodec;
  manifest?: CodecManifest;
  report?: ReconstructionReport;
  codecDir: string;
}

/**
 * @example
 * const family = vqFamily; // from @flopmatch/vq
 * const config = parseAeRunConfig(family.presets['demo-vq']);
 * const { codec, report } = await trainAutoencoder({ config, family, dir: 'runs/demo-vq' });
 */
export async function trainAutoencoder(options: TrainAutoencoderOptions): Promise<TrainAutoencoderResult> {
  const { config, family, dir } = options;
  if (config.codec !== family.name) {
    throw new FlopmatchError(
      'E_CONFIG',
      `config.codec is '${config.codec}' but the family is '${family.name}'`,
      'pass the family the config names',
    );
  }
  const make = options.datasets ?? createDataset;
  const train = make(config.data.dataset, config.data.train);
  const heldout = make(config.data.dataset, config.data.heldout);
  const rng = new Rng(config.seed);
  const aeConfig = parseConvAutoencoderConfig(config.autoencoder, 'train-ae config autoencoder');
  const bottleneck = family.createBottleneck(config.bottleneck, rng.split('bottleneck'));
  const model = new Autoencoder(aeConfig, bottleneck, { rng: rng.split('autoencoder') });
  const task = new AutoencoderTrainingTask({
    model,
    train: parseAeTrainConfig(config.train, 'train-ae config train'),
    data: train,
    heldout,
    dataSeed: config.data.seed,
    ...(config.data.subset === undefined ? {} : { subset: config.data.subset }),
  });
  const t0 = performance.now();
  // The budget is left out of the resume check, so a finished run can be extended with more steps (the
  // cosine schedule then stretches to the new budget); every other field must match the checkpoint's.
  const { steps: _steps, reportImages: _report, codecDtype: _dtype, ...resumeConfig } = config;
  let training: TrainingResult;
  try {
    training = await runTraining({
      dir,
      task,
      budget: { steps: config.steps },
      checkpointEvery: { steps: config.checkpointEvery },
      config: resumeConfig,
      seed: String(config.seed),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } finally {
    task.dispose();
  }
  const codecDir = options.codecDir ?? join(dir, 'codec');
  if (training.stoppedBy === 'signal') {
    model.dispose();
    return { training, codecDir };
  }
  const finalised = family.finalize?.(model, train, rng.split('finalize')) ?? {};
  const record = {
    config,
    data: { dataset: config.data.dataset, train: config.data.train, heldout: config.data.heldout },
    steps: training.step,
    flops: training.flops,
    sessionSeconds: (performance.now() - t0) / 1000,
    stepSeconds: await stepSeconds(join(dir, 'log.jsonl')),
    resumedFrom: training.resumedFrom ?? null,
    backend: runtimeInfo()?.backend ?? null,
    ...(Object.keys(finalised).length ? { finalize: finalised } : {}),
  };
  const saved = await saveCodec(codecDir, family, model, { training: record, dtype: config.codecDtype });
  const report = reconstructionReport({
    codec: saved.codec,
    dataset: heldout,
    count: config.reportImages,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  const manifest = await updateCodecReport(codecDir, report);
  return { training, codec: saved.codec, manifest, report, codecDir };
}
