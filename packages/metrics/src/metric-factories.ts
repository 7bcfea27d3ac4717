/**
 * The distribution metrics of this package by registry id, for the app's `createRegistry('metric', …)`;
 * add your own `DistributionMetric` factory under a new id to swap one in.
 */
import { createFrechetDistance } from './distribution/frechet-distance.js';
import { createKernelDistance } from './distribution/kernel-inception-distance.js';
import { createPrecisionRecall } from './distribution/precision-recall.js';

/**
 * `metric:fd`, `metric:kid` and `metric:precision-recall` factories (each takes its options object).
 *
 * @example
 * const metrics = createRegistry('metric', METRIC_FACTORIES);
 * const fd = metrics.get('metric:fd')({ extractor: 'shapes-v1' });
 */
export const METRIC_FACTORIES = {
  'metric:fd': createFrechetDistance,
  'metric:kid': createKernelDistance,
  'metric:precision-recall': createPrecisionRecall,
} as const;
