import { FlopmatchError } from '@flopmatch/core';

/** A dataset's files are not installed or cannot be found; the fix says how to get them. */
export class DatasetUnavailableError extends FlopmatchError {
  readonly dataset: string;
  constructor(dataset: string, problem: string, fix: string) {
    super('E_DATASET_UNAVAILABLE', `${dataset}: ${problem}`, fix);
    this.dataset = dataset;
  }
}
