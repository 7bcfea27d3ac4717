/**
 * A codec family: what the `train-ae` command, codec loading and reports need to know about one kind of
 * bottleneck. `@flopmatch/vq` exports the `vq`, `lfq` and `fsq` families and `@flopmatch/vae` the `vae`
 * family; the app passes them to `createAutoencoderCommands`, so this package never imports its siblings.
 */
import type { Dataset, LatentCodec, RandomSource } from '@flopmatch/core';
import type { Autoencoder } from '../network/autoencoder.js';
import type { Bottleneck } from '../network/bottleneck.js';
import type { AeRunConfigInput } from '../training/ae-run-config.js';

/** A trained codec built from an autoencoder, with the sha256 of the weights it was loaded from. */
export type TrainedCodec = LatentCodec & {
  /** The autoencoder inside (encoder, bottleneck, decoder). */
  readonly model: Autoencoder;
  /** sha256 of `codec.safetensors` (empty for a codec that was never saved). */
  readonly weightsSha256: string;
  /** Parameters of encoder, bottleneck and decoder. */
  readonly params: { encoder: number; decoder: number; bottleneck: number };
  /** Disposes the model's weights. */
  dispose(): void;
};

/** One family of codecs. */
export interface CodecFamily {
  /** The `--codec` value and the `family` field of `codec.json`: `vq`, `lfq`, `fsq`, `vae`. */
  readonly name: string;
  /** Registry id of the codecs it builds (`codec:vq`). */
  readonly id: string;
  /** One line for help texts. */
  readonly summary: string;
  /** Named run configs (`demo-vq`, `vq-64`, …) for `train-ae --preset`. */
  readonly presets: Readonly<Record<string, AeRunConfigInput>>;
  /** The preset `train-ae --codec <name>` starts from. */
  readonly defaultPreset: string;
  /** Validates a bottleneck config (zod, errors name the field) and builds the bottleneck. */
  createBottleneck(config: unknown, rng: RandomSource): Bottleneck;
  /**
   * After training, before saving: e.g. the VAE fits its latent scale factor on `data`. Returns numbers for
   * the training record. Optional.
   */
  finalize?(model: Autoencoder, data: Dataset, rng: RandomSource): Record<string, number>;
  /** Wraps a trained autoencoder of this family as its `LatentCodec`. */
  codec(model: Autoencoder, weightsSha256: string): TrainedCodec;
}
