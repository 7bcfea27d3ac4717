/**
 * Trains one evaluation network end to end, deterministically: resolve its preset (plus overrides),
 * build the datasets, train on core's `runTraining` (checkpoints and exact resume in `runDir`), measure
 * held-out accuracy, and save the network (`weights.safetensors` + `network.json` with sha256, configs,
 * accuracy and training record) into `outDir`.
 */
import { join } from 'node:path';
import {
  type Dataset,
  type PromptTokenizer,
  Rng,
  readJsonl,
  runTraining,
  type StepRecord,
  type TrainingProgress,
} from '@flopmatch/core';
import { createDataset } from '@flopmatch/data';
import * as tf from '@tensorflow/tfjs-core';
import { MetricInputError } from '../errors.js';
import {
  type EvalNetConfig,
  type EvalNetTrainConfig,
  evalNetId,
  parseEvalNetConfig,
  parseEvalNetTrainConfig,
} from './eval-net-config.js';
import { saveEvalNet } from './eval-net-files.js';
import type { EvalNetManifest } from './eval-net-manifest.js';
import { evalNetPreset } from './eval-net-presets.js';
import { EvalNetTask } from './eval-net-task.js';
import { ClipNetwork, FeatureNetwork } from './eval-network.js';
import { FeatureNet } from './feature-net.js';
import { heldOutAccuracy } from './held-out-accuracy.js';
import { MiniClip } from './mini-clip.js';
import { tokenizerFingerprint } from './tokenizer-fingerprint.js';
import { WordTokenizer, wordVocabulary } from './word-tokenizer.js';

/** Captions read to build a `WordTokenizer`'s vocabulary, and probe prompts kept for its fingerprint. */
const VOCABULARY_CAPTIONS = 5000;
const PROBE_PROMPTS = 32;

/** Options of `trainEvalNet`. */
export interface TrainEvalNetOptions {
  /** Preset name (`shapes-features`, `shapes-clip`, `mnist-features`, …; see `EVAL_NET_PRESETS`). */
  net: string;
  /** Overrides of the preset's training config (e.g. `{ steps: 100 }` for a smoke run). */
  train?: Record<string, unknown>;
  /** Overrides of the preset's architecture config. */
  config?: Record<string, unknown>;
  /** Run directory: checkpoints (resume by running again) and `log.jsonl`. */
  runDir: string;
  /** Where the finished network goes (`weights.safetensors`, `network.json`). */
  outDir: string;
  /**
   * Prompt tokenizer of a mini-CLIP. Default: a `WordTokenizer` over the words of the first 5000
   * training captions (recorded in `network.json`, so `loadEvalNet` rebuilds it).
   */
  tokenizer?: PromptTokenizer;
  /** Builds datasets by name and config. Default `@flopmatch/data`'s `createDataset`. */
  datasets?: (name: string, config: unknown) => Dataset;
  /** Backend name recorded in `network.json`. Default `tf.getBackend()`. */
  backend?: string;
  onProgress?: (progress: TrainingProgress) => void;
  signal?: AbortSignal;
}

/** What `trainEvalNet` produced. */
export interface TrainEvalNetResult {
  id: string;
  outDir: string;
  /** Undefined when training stopped early (signal): run again to resume. */
  manifest: EvalNetManifest | undefined;
  steps: number;
}

function mergeConfig(base: object, overrides: Record<string, unknown> | undefined): Record<string, unknown> {
  return { ...(base as Record<string, unknown>), ...(overrides ?? {}) };
}

/**
 * @example
 * await initRuntime({ backend: 'wasm' });
 * const { manifest } = await trainEvalNet({ net: 'mnist-features', runDir: 'runs/eval-nets/mnist-features', outDir: 'assets/mnist-features-v1' });
 * manifest?.heldOut.accuracy.top1; // ≈ 0.99
 */
export async function trainEvalNet(options: TrainEvalNetOptions): Promise<TrainEvalNetResult> {
  const preset = evalNetPreset(options.net);
  const train: EvalNetTrainConfig = parseEvalNetTrainConfig(
    mergeConfig(preset.train, options.train),
    `${options.net} train config`,
  );
  const make = options.datasets ?? createDataset;
  const raw = mergeConfig(preset.config, options.config);
  const trainData = make(raw.dataset as string, train.trainData);
  const heldOutData = make(raw.dataset as string, train.heldOutData);

  let tokenizer: PromptTokenizer | undefined;
  let tokenizerRecord: EvalNetManifest['tokenizer'] = null;
  let config: EvalNetConfig;
  if (raw.kind === 'clip') {
    const count = Math.min(VOCABULARY_CAPTIONS, trainData.size);
    const captions = (n: number, d: Dataset) => Array.from({ length: n }, (_, i) => d.get(i).caption);
    const words = options.tokenizer ? undefined : wordVocabulary(captions(count, trainData));
    tokenizer = options.tokenizer ?? new WordTokenizer(words!);
    config = parseEvalNetConfig(
      { ...raw, head: { ...(raw.head as object), vocabSize: tokenizer.vocabSize } },
      `${options.net} config`,
    );
    const probes = captions(Math.min(PROBE_PROMPTS, heldOutData.size), heldOutData);
    const length = (config.head as { textLength: number }).textLength;
    tokenizerRecord = {
      type: words ? 'words' : 'custom',
      ...(words ? { words } : {}),
      probes,
      fingerprint: tokenizerFingerprint(tokenizer, probes, length),
    };
  } else {
    config = parseEvalNetConfig(raw, `${options.net} config`);
  }
  if (train.heldOutCount > heldOutData.size) {
    throw new MetricInputError(
      `${options.net}: heldOutCount ${train.heldOutCount} exceeds the ${heldOutData.size} held-out samples`,
      `set train.heldOutCount ≤ ${heldOutData.size}`,
    );
  }

  const model =
    config.kind === 'clip'
      ? new MiniClip(config, new Rng(train.seed).split('init'))
      : new FeatureNet(config, new Rng(train.seed).split('init'));
  try {
    const task = new EvalNetTask({ model, train, data: trainData, ...(tokenizer ? { tokenizer } : {}) });
    const result = await runTraining({
      dir: options.runDir,
      task,
      budget: { steps: train.steps },
      seed: train.seed,
      checkpointEvery: { steps: Math.max(1, Math.ceil(train.steps / 10)) },
      keepLast: 2,
      config: { net: config, train },
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const id = evalNetId(config);
    if (result.stoppedBy === 'signal')
      return { id, outDir: options.outDir, manifest: undefined, steps: result.step };
    const net =
      model instanceof MiniClip
        ? new ClipNetwork(model, tokenizer!, 'unsaved')
        : new FeatureNetwork(model, 'unsaved');
    const accuracy = heldOutAccuracy(net, heldOutData, train.heldOutCount);
    const { records } = await readJsonl<StepRecord>(join(options.runDir, 'log.jsonl'));
    const tail = records.slice(-50);
    const manifest = await saveEvalNet(options.outDir, model, {
      config,
      train,
      tokenizer: tokenizerRecord,
      heldOut: { data: { dataset: config.dataset, ...train.heldOutData }, n: train.heldOutCount, accuracy },
      training: {
        steps: result.step,
        flops: result.flops,
        finalLoss: tail.reduce((a, r) => a + r.loss, 0) / Math.max(tail.length, 1),
        seconds: records.reduce((a, r) => a + r.wallMs, 0) / 1000,
        backend: options.backend ?? tf.getBackend(),
        tfjsVersion: tf.version_core,
        created: new Date().toISOString(),
      },
    });
    return { id, outDir: options.outDir, manifest, steps: result.step };
  } finally {
    model.dispose();
  }
}
