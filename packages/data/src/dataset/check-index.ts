import { FlopmatchError } from '@flopmatch/core';

/** Throws unless `index` is an integer in [0, size). */
export function checkIndex(datasetId: string, index: number, size: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    throw new FlopmatchError(
      'E_DATA_INDEX',
      `${datasetId}: index ${index} is outside [0, ${size})`,
      `ask for an integer index below the dataset size ${size}`,
    );
  }
}
