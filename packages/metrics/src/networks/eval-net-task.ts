/**
 * Evaluation-network training as a task for core's one training loop (`runTraining`): budgets,
 * checkpoints, resume, divergence checks, logs and progress come from the loop; this file does one step.
 *
 * One step:
 *   1. Take the next batch of dataset indices from the seeded, resumable loader; render/read the samples.
 *   2. Images → adapted → patches; targets from the samples' metadata (feature nets) or prompt ids from
 *      their captions (mini-CLIP).
 *   3. Loss (summed head cross-entropies, or symmetric InfoNCE) and gradients of every parameter.
 *   4. AdamW at the warmup–cosine learning rate; a mini-CLIP then clips its logit scale at 100.
 *
 * FLOPs charged per step come from the ledger: the network's forward + backward per example × batch.
 */
import {
  type Dataset,
  type PromptTokenizer,
  type StepContext,
  type StepResult,
  scaleFlops,
  type TaskState,
  type TrainingTask,
} from '@flopmatch/core';
import { DataLoader, type DataPosition } from '@flopmatch/data';
import { trainingFlops } from '@flopmatch/flops';
import { AdamW, valueAndGrads, warmupCosine } from '@flopmatch/nn';
import { fromHostArrays, toHostArrays } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { MetricInputError } from '../errors.js';
import type { EvalNetTrainConfig } from './eval-net-config.js';
import { FeatureNet } from './feature-net.js';
import { MiniClip } from './mini-clip.js';
import { gatherSamples, patchTensor, promptTensor, targetsOf } from './network-inputs.js';

/** Options of `EvalNetTask`. */
export interface EvalNetTaskOptions {
  /** The network to train (not disposed by the task). */
  model: FeatureNet | MiniClip;
  train: EvalNetTrainConfig;
  /** Training samples. */
  data: Dataset;
  /** Prompt tokenizer of a mini-CLIP (required for one, ignored otherwise). */
  tokenizer?: PromptTokenizer;
}

/**
 * @example
 * const task = new EvalNetTask({ model, train, data });
 * await runTraining({ dir: 'runs/eval-nets/shapes-features', task, budget: { steps: train.steps } });
 */
export class EvalNetTask implements TrainingTask {
  readonly model: FeatureNet | MiniClip;
  readonly train: EvalNetTrainConfig;
  readonly #data: Dataset;
  readonly #tokenizer: PromptTokenizer | undefined;
  readonly #optimizer: AdamW;
  #loader: DataLoader;

  constructor(options: EvalNetTaskOptions) {
    const { model, train } = options;
    if (model instanceof MiniClip && !options.tokenizer) {
      throw new MetricInputError(
        'a mini-CLIP needs a prompt tokenizer to train',
        'pass tokenizer (e.g. a WordTokenizer)',
      );
    }
    this.model = model;
    this.train = train;
    this.#data = options.data;
    this.#tokenizer = options.tokenizer;
    this.#loader = this.#makeLoader();
    this.#optimizer = new AdamW(model.namedVariables(), {
      lr: train.lr,
      weightDecay: train.weightDecay,
      noDecay: model.noDecayNames(),
    });
  }

  #makeLoader(position?: DataPosition): DataLoader {
    return new DataLoader(this.#data, {
      batchSize: this.train.batchSize,
      seed: this.train.seed,
      ...(position ? { position } : {}),
    });
  }

  /** Learning rate of step `step` (0-based): linear warmup, cosine decay to `minLrRatio`·lr. */
  learningRate(step: number): number {
    const { lr, warmupSteps, steps, minLrRatio } = this.train;
    return warmupCosine(step, {
      peakLr: lr,
      warmupSteps: Math.min(warmupSteps, steps),
      totalSteps: steps,
      minLr: lr * minLrRatio,
    });
  }

  step(ctx: StepContext): StepResult {
    // 1–2. Batch → patches and targets / prompt ids.
    const indices = this.#loader.nextIndices();
    const n = indices.length;
    const { samples, images } = gatherSamples(this.#data, indices);
    const model = this.model;
    const config = model.config;
    const patches = patchTensor(config, images, n, this.#data.imageShape);
    const ids =
      model instanceof MiniClip
        ? promptTensor(
            config,
            this.#tokenizer!,
            samples.map((s) => s.caption),
          )
        : undefined;
    const targets = model instanceof FeatureNet ? targetsOf(config, samples) : undefined;
    // 3. Loss and gradients.
    const lossFn =
      model instanceof MiniClip
        ? () => model.loss(patches, ids!, n)
        : () => (model as FeatureNet).loss(patches, n, targets!);
    const { value, grads } = valueAndGrads(lossFn, model.namedVariables());
    // 4. Update.
    const lr = this.learningRate(ctx.step);
    this.#optimizer.step(grads, lr);
    const metrics: Record<string, number> = {};
    if (model instanceof MiniClip) {
      model.clampLogScale();
      metrics.temperature = model.temperature();
    }
    const loss = value.dataSync()[0]!;
    tf.dispose([value, patches, ...(ids ? [ids] : []), ...grads.values()]);
    const cost = model instanceof MiniClip ? model.cost(n) : model.cost();
    return { loss, flops: scaleFlops(trainingFlops(cost), n), lr, metrics };
  }

  state(): TaskState {
    return {
      tensors: {
        model: toHostArrays(this.model.namedVariables()),
        optimizer: toHostArrays(this.#optimizer.exportState()),
      },
      data: this.#loader.position(),
    };
  }

  restore(state: TaskState): void {
    const model = fromHostArrays(state.tensors.model ?? {}, 'checkpoint model');
    const optimizer = fromHostArrays(state.tensors.optimizer ?? {}, 'checkpoint optimizer');
    try {
      this.model.loadStateDict(model);
      this.#optimizer.loadState(Object.fromEntries(optimizer));
    } finally {
      tf.dispose([...model.values(), ...optimizer.values()]);
    }
    this.#loader = this.#makeLoader(state.data as DataPosition);
  }
}
