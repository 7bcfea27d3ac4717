/**
 * Autoencoder training as a task for core's one training loop (`runTraining`): budgets, checkpoints,
 * resume, divergence checks, logs and progress come from the loop; this file does one optimisation step
 * and saves/restores its state.
 *
 * One step:
 *   1. Take the next batch x from the resumable loader; draw this step's randomness from `rng.split(step)`.
 *   2. Pass A: x → encoder → bottleneck → decoder → x̂; loss = w₁·L1 + w₂·L2 (+ perceptual) + the
 *      bottleneck's weighted terms (commitment, codebook, entropy, KL); gradients for every parameter.
 *   3. With the GAN on (weight > 0 and step ≥ start): pass B gives the gradients of L_G = −E[D(x̂)];
 *      λ = eq. (7) of arXiv:2012.09841 on the decoder's last layer; gradients = A + w·λ·B. Then one
 *      discriminator step on the hinge loss with x and the detached x̂.
 *   4. Clip the global gradient norm, AdamW step at the scheduled learning rate.
 *   5. `bottleneck.update(z)`: EMA codebook updates and dead-code restarts from this batch's encodings.
 *   6. Every `statsEvery` steps: held-out PSNR (uint8), codebook usage and perplexity, into the step log.
 *
 * FLOPs charged per step come from the ledger: encoder and decoder training (3 × forward), the bottleneck
 * (3 × forward), the perceptual net (x and x̂ forward, x̂ backward) and the discriminator passes. Held-out
 * statistics are evaluation, not training, and are not charged.
 */
import {
  addFlops,
  type Dataset,
  type FlopCount,
  Rng,
  type StepContext,
  type StepResult,
  scaleFlops,
  type TaskState,
  type TrainingTask,
  ZERO_FLOPS,
} from '@flopmatch/core';
import { DataLoader, type DataPosition } from '@flopmatch/data';
import { AdamW, clipGradNorm, valueAndGrads } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';
import { adaptiveGanWeight } from '../losses/adaptive-weight.js';
import { hingeDiscriminatorLoss, hingeGeneratorLoss } from '../losses/hinge-gan-loss.js';
import { PatchDiscriminator } from '../losses/patch-discriminator.js';
import { RandomConvPerceptual } from '../losses/random-conv-perceptual.js';
import { reconstructionLoss } from '../losses/reconstruction-loss.js';
import type { Autoencoder } from '../network/autoencoder.js';
import { networkCost } from '../network/conv-net-shapes.js';
import { codebookStats } from '../report/codebook-stats.js';
import { psnrUint8 } from '../report/psnr.js';
import { fromHostArrays, toHostArrays } from '../util/host-tensors.js';
import type { AeTrainConfig } from './ae-train-config.js';
import { datasetImages } from './dataset-images.js';
import { aeLearningRate } from './lr-schedule.js';

/** Options of `AutoencoderTrainingTask`. */
export interface AutoencoderTaskOptions {
  /** The autoencoder to train (the task does not dispose it). */
  model: Autoencoder;
  /** Parsed training config (`parseAeTrainConfig`). */
  train: AeTrainConfig;
  /** Training images. */
  data: Dataset;
  /** Seed of the loader's per-epoch shuffles. Default 0. */
  dataSeed?: number;
  /** Train on this many distinct images (the loader's `subset`). Default: all. */
  subset?: number;
  /** Held-out images for the periodic statistics (the first `statsImages`). Default: none (no statistics). */
  heldout?: Dataset;
}

/** The name of the decoder's last layer weight, G_L of eq. (7). */
const LAST_LAYER = 'decoder.conv_out.weight';

/**
 * @example
 * const task = new AutoencoderTrainingTask({ model, train: parseAeTrainConfig(), data: train, heldout: test });
 * await runTraining({ dir: 'runs/vq', task, budget: { steps: 2000 }, config, seed: 0 });
 */
export class AutoencoderTrainingTask implements TrainingTask {
  readonly model: Autoencoder;
  readonly train: AeTrainConfig;
  readonly perceptual: RandomConvPerceptual | undefined;
  readonly discriminator: PatchDiscriminator | undefined;
  readonly #data: Dataset;
  readonly #dataSeed: number;
  readonly #subset: number | undefined;
  #loader: DataLoader;
  readonly #optimizer: AdamW;
  readonly #discOptimizer: AdamW | undefined;
  readonly #heldout: tf.Tensor4D | undefined;

  constructor(options: AutoencoderTaskOptions) {
    const { model, train } = options;
    this.model = model;
    this.train = train;
    this.#data = options.data;
    this.#dataSeed = options.dataSeed ?? 0;
    this.#subset = options.subset;
    this.#loader = this.#makeLoader();
    this.#optimizer = new AdamW(model.namedVariables(), {
      lr: train.lr,
      beta1: train.beta1,
      beta2: train.beta2,
      weightDecay: train.weightDecay,
      noDecay: model.noDecayNames(),
    });
    const { channels } = model.config.image;
    this.perceptual =
      train.loss.perceptual > 0 ? new RandomConvPerceptual({ inChannels: channels }) : undefined;
    if (train.gan.weight > 0) {
      // Initial weights from a fixed stream (later states come from checkpoints).
      this.discriminator = new PatchDiscriminator({
        rng: new Rng('autoencoder/discriminator'),
        inChannels: channels,
        width: train.gan.width,
        layers: train.gan.layers,
      });
    }
    this.#discOptimizer = this.discriminator
      ? new AdamW(this.discriminator.namedVariables(), {
          lr: train.gan.lr ?? train.lr,
          beta1: 0.5, // VQGAN's discriminator Adam betas (0.5, 0.9)
          beta2: 0.9,
          weightDecay: 0,
        })
      : undefined;
    this.#heldout =
      options.heldout && train.statsEvery > 0
        ? datasetImages(options.heldout, 0, Math.min(train.statsImages, options.heldout.size)).images
        : undefined;
  }

  #makeLoader(position?: DataPosition): DataLoader {
    return new DataLoader(this.#data, {
      batchSize: this.train.batchSize,
      seed: this.#dataSeed,
      ...(this.#subset === undefined ? {} : { subset: this.#subset }),
      ...(position ? { position } : {}),
    });
  }

  /** Whether the GAN terms are active at step `step` (0-based). */
  ganActive(step: number): boolean {
    return this.discriminator !== undefined && step >= this.train.gan.start;
  }

  /** Training FLOPs of one image at step `step` (the GAN passes only once it is active). */
  flopsPerImage(step = 0): FlopCount {
    const cost = this.model.cost();
    const { height, width } = this.model.config.image;
    const parts: FlopCount[] = [
      cost.encoder.training,
      cost.decoder.training,
      scaleFlops(cost.bottleneckForward, 3),
    ];
    if (this.perceptual) {
      const p = networkCost(this.perceptual.shape(height, width));
      parts.push(scaleFlops(p.forward, 2), p.training); // x forward; x̂ forward + backward
    }
    if (this.discriminator && this.ganActive(step)) {
      const d = networkCost(this.discriminator.shape(height, width));
      // pass B: the generator again, and D forward + backward on x̂; the D step: D on x and x̂.
      parts.push(cost.encoder.training, cost.decoder.training, scaleFlops(cost.bottleneckForward, 3));
      parts.push(d.training, scaleFlops(d.training, 2));
    }
    return addFlops(ZERO_FLOPS, ...parts);
  }

  step(ctx: StepContext): StepResult {
    const lr = aeLearningRate(ctx.step, this.train, ctx.budget);
    const batch = this.#loader.next(); // 1.
    const images = batch.images;
    const rng = ctx.rng.split(ctx.step);
    const params = this.model.namedVariables();
    const { loss: w } = this.train;
    const parts: Record<string, tf.Scalar> = {};
    let z: tf.Tensor4D | undefined;
    let reconstruction: tf.Tensor4D | undefined;
    const ganOn = this.ganActive(ctx.step);
    // 2. Pass A.
    const a = valueAndGrads(() => {
      const out = this.model.forward(images, { training: true, rng: rng.split('bottleneck') });
      z = tf.keep(out.z);
      if (ganOn) reconstruction = tf.keep(out.reconstruction);
      const rec = reconstructionLoss(images, out.reconstruction, w);
      parts.l1 = tf.keep(rec.l1);
      parts.l2 = tf.keep(rec.l2);
      let total: tf.Tensor = rec.total;
      if (this.perceptual) {
        const p = this.perceptual.loss(images, out.reconstruction);
        parts.perceptual = tf.keep(p);
        total = tf.add(total, tf.mul(p, w.perceptual));
      }
      for (const [name, term] of Object.entries(out.losses)) {
        parts[name] = tf.keep(term);
        total = tf.add(total, term);
      }
      return total as tf.Scalar;
    }, params);
    let grads = a.grads;
    const metrics: Record<string, number> = {};
    // 3. GAN.
    if (ganOn && this.discriminator && reconstruction) {
      const disc = this.discriminator;
      const b = valueAndGrads(() => {
        const out = this.model.forward(images, { training: true, rng: rng.split('bottleneck') });
        return hingeGeneratorLoss(disc.forward(out.reconstruction));
      }, params);
      const lambda = this.train.gan.adaptive
        ? adaptiveGanWeight(grads.get(LAST_LAYER)!, b.grads.get(LAST_LAYER)!)
        : 1;
      const scale = this.train.gan.weight * lambda;
      const merged = new Map<string, tf.Tensor>();
      for (const [name, g] of grads) {
        const gb = b.grads.get(name);
        merged.set(name, gb ? tf.tidy(() => tf.add(g, tf.mul(gb, scale))) : g.clone());
      }
      metrics.ganG = b.value.dataSync()[0]!;
      metrics.ganLambda = lambda;
      tf.dispose([b.value, ...b.grads.values(), ...grads.values()]);
      grads = merged;
      const fake = reconstruction;
      const d = valueAndGrads(
        () => hingeDiscriminatorLoss(disc.forward(images), disc.forward(fake)),
        disc.namedVariables(),
      );
      this.#discOptimizer!.step(d.grads, this.train.gan.lr ?? lr);
      metrics.ganD = d.value.dataSync()[0]!;
      tf.dispose([d.value, ...d.grads.values()]);
    }
    // 4. Clip, step.
    if (this.train.gradClip > 0) {
      const clipped = clipGradNorm(grads, this.train.gradClip);
      grads = clipped.grads;
      metrics.gradNorm = clipped.norm;
    }
    this.#optimizer.step(grads, lr);
    const loss = a.value.dataSync()[0]!;
    for (const [name, t] of Object.entries(parts)) metrics[name] = t.dataSync()[0]!;
    // 5. Bottleneck state.
    Object.assign(metrics, this.model.bottleneck.update(z!, rng.split('update')));
    tf.dispose([a.value, ...grads.values(), ...Object.values(parts), z!, images]);
    if (reconstruction) tf.dispose(reconstruction);
    // 6. Held-out statistics.
    const every = this.train.statsEvery;
    if (this.#heldout && every > 0 && (ctx.step + 1) % every === 0)
      Object.assign(metrics, this.heldoutStats());
    return {
      loss,
      flops: scaleFlops(this.flopsPerImage(ctx.step), batch.captions.length),
      lr,
      metrics,
    };
  }

  /** PSNR (uint8, mean over images) and, for discrete bottlenecks, codebook usage and perplexity. */
  heldoutStats(): Record<string, number> {
    if (!this.#heldout) return {};
    const x = this.#heldout;
    const n = x.shape[0];
    const chunk = Math.max(1, this.train.batchSize * 4);
    const psnrs: number[] = [];
    const ids: number[] = [];
    const per = x.shape[1] * x.shape[2] * x.shape[3];
    for (let s = 0; s < n; s += chunk) {
      const count = Math.min(chunk, n - s);
      tf.tidy(() => {
        const xs = tf.slice(x, [s, 0, 0, 0], [count, -1, -1, -1]) as tf.Tensor4D;
        const out = this.model.forward(xs, { training: false, rng: new Rng('heldout') });
        psnrs.push(...psnrUint8(xs.dataSync(), out.reconstruction.dataSync(), per));
        if (out.ids) ids.push(...out.ids.dataSync());
      });
    }
    const stats: Record<string, number> = { heldoutPsnr: psnrs.reduce((p, v) => p + v, 0) / psnrs.length };
    const K = this.model.bottleneck.codebookSize;
    if (K !== undefined && ids.length) {
      const c = codebookStats(ids, K);
      stats.codebookUsage = c.usage;
      stats.perplexity = c.perplexity;
    }
    return stats;
  }

  state(): TaskState {
    const tensors: TaskState['tensors'] = {
      model: toHostArrays(this.model.stateTensors()),
      optimizer: toHostArrays(this.#optimizer.exportState()),
    };
    if (this.discriminator && this.#discOptimizer) {
      tensors.discriminator = toHostArrays(this.discriminator.namedVariables());
      tensors.discriminator_optimizer = toHostArrays(this.#discOptimizer.exportState());
    }
    return { tensors, data: this.#loader.position() };
  }

  restore(state: TaskState): void {
    const load = (file: string, apply: (t: Record<string, tf.Tensor>) => void) => {
      const arrays = state.tensors[file];
      if (!arrays) throw new Error(`checkpoint has no '${file}' tensors`);
      const tensors = fromHostArrays(arrays, file);
      try {
        apply(Object.fromEntries(tensors));
      } finally {
        tf.dispose([...tensors.values()]);
      }
    };
    load('model', (t) => this.model.loadStateTensors(t, 'checkpoint model'));
    load('optimizer', (t) => this.#optimizer.loadState(t));
    if (this.discriminator && this.#discOptimizer) {
      load('discriminator', (t) => this.discriminator!.loadStateDict(t));
      load('discriminator_optimizer', (t) => this.#discOptimizer!.loadState(t));
    }
    this.#loader = this.#makeLoader(state.data as DataPosition);
  }

  /** Disposes the optimizers, the discriminator, the perceptual net and the held-out images (not the model). */
  dispose(): void {
    this.#optimizer.dispose();
    this.#discOptimizer?.dispose();
    this.discriminator?.dispose();
    this.perceptual?.dispose();
    this.#heldout?.dispose();
  }
}
