/** Errors of `@flopmatch/vae`. */
import { FlopmatchError } from '@flopmatch/core';

/** A codec was called with a tensor of the wrong shape, or a directory holds another kind of codec. */
export class VaeInputError extends FlopmatchError {
  constructor(where: string, problem: string, fix?: string) {
    super('E_CODEC_INPUT', `${where}: ${problem}`, fix);
  }
}
