/**
 * The one place codecs differ: the bottleneck between the shared encoder and decoder. A quantizer (VQ,
 * LFQ, FSQ in `@flopmatch/vq`) or a diagonal-Gaussian posterior (`@flopmatch/vae`) subclasses `Bottleneck`;
 * the autoencoder, its training task, the codec files and the reports work with any of them.
 */
import type { FlopCount, RandomSource } from '@flopmatch/core';
import { Module } from '@flopmatch/nn';
import type * as tf from '@tensorflow/tfjs-core';

/** Handed to `Bottleneck.forward`. */
export interface BottleneckContext {
  /** Training mode: sample from a posterior, compute regularisation losses. */
  training: boolean;
  /** Randomness for sampling (a VAE's ε). Draw with `rng.tfSeed()`. */
  rng: RandomSource;
  /**
   * Values per input image (H·W·C), filled in by `Autoencoder.forward`: lets a KL term be weighted
   * relative to a per-pixel reconstruction loss. Optional.
   */
  pixelsPerImage?: number;
}

/** What a bottleneck hands on. */
export interface BottleneckOutput {
  /** The decoder's input [N, h, w, outChannels]; differentiable with respect to the encoder output. */
  latent: tf.Tensor4D;
  /**
   * Regularisation terms already multiplied by their weights (`commitment`, `codebook`, `entropy`, `kl`),
   * each a scalar; the training loss adds them all. Empty outside training.
   */
  losses: Record<string, tf.Scalar>;
  /** Token ids [N, h, w] (int32), for discrete bottlenecks. */
  ids?: tf.Tensor3D;
}

/** Serialisable config every bottleneck carries: its type name and version, plus its own fields. */
export interface BottleneckConfig {
  readonly type: string;
  readonly version: number;
  readonly [field: string]: unknown;
}

/**
 * Base class of every bottleneck. Subclasses register trainable parameters with `param` / `module` (as any
 * `Module`) and non-trainable state (EMA statistics, a fitted scale factor) with `buffer`; buffers are
 * saved and restored with the weights but never touched by the optimizer.
 *
 * @example
 * class Identity extends Bottleneck {
 *   readonly kind = 'continuous'; readonly config = { type: 'identity', version: 1 };
 *   readonly inChannels = 4; readonly outChannels = 4; readonly bitsPerPosition = 4;
 *   forward(z: tf.Tensor4D) { return { latent: z.clone(), losses: {} }; }
 *   encodeFlopsPerPosition() { return { model: 0, executed: 0 }; }
 * }
 */
export abstract class Bottleneck extends Module {
  /** `discrete` (token ids) or `continuous` (float latents). */
  abstract readonly kind: 'discrete' | 'continuous';
  abstract readonly config: BottleneckConfig;
  /** Channels of the encoder output it reads. */
  abstract readonly inChannels: number;
  /** Channels of the latent it hands to the decoder. */
  abstract readonly outChannels: number;
  /** Capacity per latent position: log2(codebook size) for discrete bottlenecks, channels for continuous. */
  abstract readonly bitsPerPosition: number;
  /** Number of codes (discrete bottlenecks only). */
  readonly codebookSize: number | undefined = undefined;
  readonly #buffers = new Map<string, tf.Variable>();

  /** Encoder output z [N, h, w, inChannels] → decoder input, losses and (discrete) ids. */
  abstract forward(z: tf.Tensor4D, context: BottleneckContext): BottleneckOutput;

  /** FLOPs per latent position of turning an encoder output into the stored latent (ids, latents). */
  abstract encodeFlopsPerPosition(): FlopCount;

  /** FLOPs per latent position of turning a stored latent into the decoder's input. Default 0. */
  decodeFlopsPerPosition(): FlopCount {
    return { model: 0, executed: 0 };
  }

  /** FLOPs of `forward` per latent position: encode + decode side. */
  flopsPerPosition(): FlopCount {
    const e = this.encodeFlopsPerPosition();
    const d = this.decodeFlopsPerPosition();
    return { model: e.model + d.model, executed: e.executed + d.executed };
  }

  /**
   * Called once after every optimizer step with that step's encoder output z (no gradient): EMA codebook
   * updates, dead-code restarts. Returns numbers for the step log. Default: nothing to do.
   */
  update(_z: tf.Tensor4D, _rng: RandomSource): Record<string, number> {
    return {};
  }

  /** Registers a non-trainable state tensor (the bottleneck owns `variable`). */
  protected buffer(name: string, variable: tf.Variable): tf.Variable {
    if (this.#buffers.has(name)) throw new Error(`buffer '${name}' registered twice`);
    this.#buffers.set(name, variable);
    return variable;
  }

  /** Non-trainable state by name (live variables: read or save them, do not dispose them). */
  buffers(): Map<string, tf.Variable> {
    return new Map(this.#buffers);
  }

  override dispose(): void {
    super.dispose();
    for (const b of this.#buffers.values()) b.dispose();
  }
}
