/** Errors of `@flopmatch/vq`. */
import { FlopmatchError } from '@flopmatch/core';

/** A codec was called with a tensor of the wrong shape or dtype (or ids outside the codebook). */
export class CodecInputError extends FlopmatchError {
  constructor(where: string, problem: string, fix?: string) {
    super('E_CODEC_INPUT', `${where}: ${problem}`, fix);
  }
}
