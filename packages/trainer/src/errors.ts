/**
 * Errors raised by `@flopmatch/trainer`. Each names what is wrong (an option, a milestone, a run directory)
 * and how to fix it.
 */
import { FlopmatchError } from '@flopmatch/core';

/** A trainer option, a component or a run directory does not fit the run; the message says which and why. */
export class TrainerError extends FlopmatchError {
  constructor(message: string, fix?: string) {
    super('E_TRAINER', message, fix);
  }
}
