/** Errors raised by metrics. Each names what is wrong and how to fix it. */
import { FlopmatchError } from '@flopmatch/core';

/**
 * Two feature sets came from different evaluation networks (different `extractorHash`): their distance
 * would measure the networks, not the images.
 */
export class ExtractorMismatchError extends FlopmatchError {
  readonly realHash: string;
  readonly fakeHash: string;
  constructor(metric: string, realHash: string, fakeHash: string) {
    super(
      'E_EXTRACTOR_MISMATCH',
      `${metric}: the feature sets come from different extractors (real: ${realHash}, fake: ${fakeHash})`,
      'extract both sets with the same network version (compare extractorHash) before computing the metric',
    );
    this.realHash = realHash;
    this.fakeHash = fakeHash;
  }
}

/** Inputs a metric cannot use: wrong shapes, too few samples, non-finite values, bad options. */
export class MetricInputError extends FlopmatchError {
  constructor(message: string, fix?: string) {
    super('E_METRIC_INPUT', message, fix);
  }
}
