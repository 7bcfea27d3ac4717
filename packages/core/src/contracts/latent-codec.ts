import type { ImageShape } from './image-batch.js';
import type { Tensor3D, Tensor4D } from './tensor.js';

/** Latent grid shape: h × w positions with c channels (c = 1 for discrete ids). */
export interface LatentShape {
  height: number;
  width: number;
  channels: number;
}

/** FLOPs of one image through the encoder and decoder (multiply-add = 2 FLOPs). */
export interface CodecFlops {
  encodePerImage: number;
  decodePerImage: number;
}

interface LatentCodecBase {
  readonly specVersion: 'v1';
  /** Registry id, e.g. `codec:vq`, `codec:vae`. */
  readonly id: string;
  readonly imageShape: ImageShape;
  readonly latentShape: LatentShape;
  readonly downsampleFactor: number;
  /** Capacity per latent position: log2(codebook size) for discrete codecs, channels for continuous. */
  readonly bitsPerPosition: number;
  readonly flops: CodecFlops;
  /** Serialisable config this codec was built from (with its type name and version). */
  readonly config: Readonly<Record<string, unknown>>;
}

/**
 * A discrete codec (VQ, LFQ, FSQ): images ↔ integer token ids on an h × w grid.
 *
 * @example
 * const ids = codec.encode(images);   // int32 [N, h, w], values in [0, codebookSize)
 * const recon = codec.decode(ids);    // float32 [N, H, W, C] in [-1, 1]
 */
export interface DiscreteLatentCodec extends LatentCodecBase {
  readonly kind: 'discrete';
  readonly codebookSize: number;
  encode(images: Tensor4D): Tensor3D;
  decode(ids: Tensor3D): Tensor4D;
}

/**
 * A continuous codec (KL-VAE): images ↔ float latents [N, h, w, c], already multiplied by the fitted
 * scale factor so that latents have about unit variance (what diffusion expects).
 */
export interface ContinuousLatentCodec extends LatentCodecBase {
  readonly kind: 'continuous';
  /** Factor latents were multiplied by; decode divides by it. */
  readonly scaleFactor: number;
  encode(images: Tensor4D, mode?: 'mean' | 'sample'): Tensor4D;
  decode(latents: Tensor4D): Tensor4D;
}

/** Either kind of codec; discriminate on `kind`. */
export type LatentCodec = DiscreteLatentCodec | ContinuousLatentCodec;
