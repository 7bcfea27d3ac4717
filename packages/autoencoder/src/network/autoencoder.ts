/**
 * An autoencoder = the shared encoder + a bottleneck + the shared decoder. Codecs (`@flopmatch/vq`,
 * `@flopmatch/vae`) wrap one of these; the training task trains one; codec files save one.
 *
 * Parameter names: `encoder.…`, `bottleneck.…`, `decoder.…`; bottleneck buffers are saved beside them as
 * `bottleneck.<buffer>` (see `stateTensors`).
 */
import { type FlopCount, type RandomSource, scaleFlops } from '@flopmatch/core';
import { Module } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';
import { CodecMismatchError } from '../errors.js';
import type { Bottleneck, BottleneckContext, BottleneckOutput } from './bottleneck.js';
import { type ConvAutoencoderConfig, latentGrid } from './conv-autoencoder-config.js';
import { ConvDecoder } from './conv-decoder.js';
import { ConvEncoder } from './conv-encoder.js';
import { decoderShape, encoderShape, type NetworkCost, networkCost } from './conv-net-shapes.js';

/** Parameters and FLOPs per image of the parts of an autoencoder (from the ledger). */
export interface AutoencoderCost {
  encoder: NetworkCost;
  decoder: NetworkCost;
  /** The bottleneck's forward FLOPs for one image (all latent positions). */
  bottleneckForward: FlopCount;
  /** Trainable parameters of the bottleneck (projections, a gradient-trained codebook). */
  bottleneckParams: number;
}

/** What one forward pass produces. */
export interface AutoencoderOutput extends BottleneckOutput {
  /** The encoder output z [N, h, w, c_enc] (before the bottleneck). */
  z: tf.Tensor4D;
  /** The decoder output [N, H, W, C] (unclamped). */
  reconstruction: tf.Tensor4D;
}

/**
 * @example
 * const ae = new Autoencoder(parseConvAutoencoderConfig(), bottleneck, { rng: rng.split('ae') });
 * const { reconstruction, losses } = ae.forward(images, { training: true, rng });
 */
export class Autoencoder<B extends Bottleneck = Bottleneck> extends Module {
  readonly config: ConvAutoencoderConfig;
  readonly encoder: ConvEncoder;
  readonly bottleneck: B;
  readonly decoder: ConvDecoder;

  constructor(config: ConvAutoencoderConfig, bottleneck: B, options: { rng: RandomSource }) {
    super();
    this.config = config;
    this.encoder = this.module(
      'encoder',
      new ConvEncoder(config, bottleneck.inChannels, { rng: options.rng.split('encoder') }),
    );
    this.bottleneck = this.module('bottleneck', bottleneck);
    this.decoder = this.module(
      'decoder',
      new ConvDecoder(config, bottleneck.outChannels, { rng: options.rng.split('decoder') }),
    );
  }

  /** The latent grid (h, w). */
  get grid(): { height: number; width: number } {
    return latentGrid(this.config);
  }

  /** images → z → bottleneck → reconstruction. */
  forward(images: tf.Tensor4D, context: BottleneckContext): AutoencoderOutput {
    const z = this.encoder.forward(images);
    const [, H, W, C] = images.shape;
    const out = this.bottleneck.forward(z, { ...context, pixelsPerImage: H * W * C });
    const reconstruction = this.decoder.forward(out.latent);
    return { ...out, z, reconstruction };
  }

  /** Parameters and FLOPs of encoder, bottleneck and decoder per image, from the FLOP ledger. */
  cost(): AutoencoderCost {
    const { height, width } = this.grid;
    return {
      encoder: networkCost(encoderShape(this.config, this.bottleneck.inChannels)),
      decoder: networkCost(decoderShape(this.config, this.bottleneck.outChannels)),
      bottleneckForward: scaleFlops(this.bottleneck.flopsPerPosition(), height * width),
      bottleneckParams: this.bottleneck.parameterCount(),
    };
  }

  /**
   * Every tensor that defines the model: trainable parameters and the bottleneck's buffers (as
   * `bottleneck.<name>`). Live variables: save them, do not dispose them.
   */
  stateTensors(): Map<string, tf.Variable> {
    const out = this.namedVariables();
    for (const [name, b] of this.bottleneck.buffers()) out.set(`bottleneck.${name}`, b);
    return out;
  }

  /**
   * Loads `stateTensors()` output (copies values). Throws `CodecMismatchError` naming every missing,
   * unexpected or mis-shaped tensor before changing anything.
   */
  loadStateTensors(state: Map<string, tf.Tensor> | Record<string, tf.Tensor>, source = 'state'): void {
    const given = state instanceof Map ? state : new Map(Object.entries(state));
    const own = this.stateTensors();
    const problems: string[] = [];
    for (const [name, v] of own) {
      const t = given.get(name);
      if (!t) problems.push(`missing '${name}'`);
      else if (t.shape.join() !== v.shape.join())
        problems.push(`'${name}' is [${t.shape}], expected [${v.shape}]`);
    }
    for (const name of given.keys()) if (!own.has(name)) problems.push(`unexpected '${name}'`);
    if (problems.length) {
      throw new CodecMismatchError(
        source,
        `weights do not match the autoencoder (${problems.slice(0, 6).join('; ')}${problems.length > 6 ? `; … ${problems.length - 6} more` : ''})`,
        'load weights saved from a model built with the same config',
      );
    }
    for (const [name, v] of own) {
      const t = given.get(name)!;
      tf.tidy(() => v.assign(t.dtype === v.dtype ? t.clone() : tf.cast(t, v.dtype)));
    }
  }
}
