/**
 * Errors of `@flopmatch/autoencoder`. Each names what is wrong (a tensor, a file, a field) and the fix.
 */
import { FlopmatchError } from '@flopmatch/core';

/** A tensor reached the encoder, decoder or a bottleneck with the wrong shape or dtype. */
export class AutoencoderShapeError extends FlopmatchError {
  constructor(where: string, problem: string, fix?: string) {
    super('E_AUTOENCODER_SHAPE', `${where}: ${problem}`, fix);
  }
}

/** A codec directory or latent cache does not match what is asked of it (kind, shape, hash). */
export class CodecMismatchError extends FlopmatchError {
  constructor(where: string, problem: string, fix?: string) {
    super('E_CODEC_MISMATCH', `${where}: ${problem}`, fix);
  }
}
