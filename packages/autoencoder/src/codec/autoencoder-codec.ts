/**
 * What every codec built on the shared encoder/decoder has in common: shapes, capacity, FLOPs from the
 * ledger, parameters, config, the weights' hash. `@flopmatch/vq`'s and `@flopmatch/vae`'s codecs extend it
 * and add `encode`/`decode`.
 */
import type { CodecFlops, ImageShape, LatentShape } from '@flopmatch/core';
import type { Autoencoder } from '../network/autoencoder.js';
import type { Bottleneck } from '../network/bottleneck.js';

/**
 * @example
 * class MyCodec extends AutoencoderCodec<MyBottleneck> implements ContinuousLatentCodec { … }
 */
export abstract class AutoencoderCodec<B extends Bottleneck = Bottleneck> {
  readonly specVersion = 'v1' as const;
  /** Registry id, e.g. `codec:vq`. */
  readonly id: string;
  readonly model: Autoencoder<B>;
  readonly imageShape: ImageShape;
  readonly latentShape: LatentShape;
  readonly downsampleFactor: number;
  readonly bitsPerPosition: number;
  /** Forward FLOPs per image (ledger): encoder + bottleneck for `encode`, latent → decoder input + decoder for `decode`. */
  readonly flops: CodecFlops;
  /** `{ type: <id>, version: 1, autoencoder, bottleneck }`: enough to rebuild the codec's architecture. */
  readonly config: Readonly<Record<string, unknown>>;
  /** sha256 of the weights file this codec was loaded from (empty if never saved). */
  readonly weightsSha256: string;
  readonly params: { encoder: number; decoder: number; bottleneck: number };

  constructor(id: string, model: Autoencoder<B>, latentChannels: number, weightsSha256: string) {
    this.id = id;
    this.model = model;
    const { image, downsampleFactor } = model.config;
    this.imageShape = Object.freeze({ ...image });
    const grid = model.grid;
    this.latentShape = Object.freeze({ height: grid.height, width: grid.width, channels: latentChannels });
    this.downsampleFactor = downsampleFactor;
    this.bitsPerPosition = model.bottleneck.bitsPerPosition;
    const cost = model.cost();
    const positions = grid.height * grid.width;
    this.flops = Object.freeze({
      encodePerImage:
        cost.encoder.forward.model + positions * model.bottleneck.encodeFlopsPerPosition().model,
      decodePerImage:
        cost.decoder.forward.model + positions * model.bottleneck.decodeFlopsPerPosition().model,
    });
    this.params = Object.freeze({
      encoder: cost.encoder.params,
      decoder: cost.decoder.params,
      bottleneck: cost.bottleneckParams,
    });
    this.config = Object.freeze({
      type: id,
      version: 1,
      autoencoder: model.config,
      bottleneck: model.bottleneck.config,
    });
    this.weightsSha256 = weightsSha256;
  }

  /** Disposes the model's weights and buffers. */
  dispose(): void {
    this.model.dispose();
  }
}
