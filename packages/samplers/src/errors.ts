/**
 * Errors a sampler raises. Each names what is wrong (the option, the model or the codec) and how to fix it.
 */
import { FlopmatchError } from '@flopmatch/core';

/**
 * A sampler was handed a model, codec or option it cannot use (wrong model kind, codec/model shape
 * mismatch, more MaskGIT iterations than tokens, …). `code` is `E_SAMPLER`.
 */
export class SamplerError extends FlopmatchError {
  /** The sampler's registry id, e.g. `sampler:heun`. */
  readonly samplerId: string;
  constructor(samplerId: string, message: string, fix: string) {
    super('E_SAMPLER', `${samplerId}: ${message}`, fix);
    this.samplerId = samplerId;
  }
}
