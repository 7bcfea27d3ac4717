/** Log-spaced numbers: milestone FLOP fractions, learning rates for a sweep. */
import { TrainerError } from './errors.js';

/**
 * `count` numbers from `low` to `high` (both included) with a constant ratio between neighbours:
 * low·(high/low)^(i/(count − 1)), rounded to 12 significant digits (so 0.5 is 0.5, not 0.49999999999999994).
 * With `count` 1 it is `[high]`.
 *
 * @example
 * logSpaced(0.125, 1, 4); // [0.125, 0.25, 0.5, 1]
 * logSpaced(1e-4, 1e-2, 3); // [1e-4, 1e-3, 1e-2]
 */
export function logSpaced(low: number, high: number, count: number): number[] {
  if (!(low > 0 && high >= low && Number.isFinite(high)))
    throw new TrainerError(
      `logSpaced(${low}, ${high}, …) needs 0 < low ≤ high`,
      'pass positive, finite bounds',
    );
  if (!(Number.isInteger(count) && count >= 1))
    throw new TrainerError(`logSpaced count = ${count} is invalid`, 'use a positive integer');
  if (count === 1) return [high];
  const ratio = high / low;
  return Array.from({ length: count }, (_, i) =>
    i === 0 ? low : i === count - 1 ? high : Number((low * ratio ** (i / (count - 1))).toPrecision(12)),
  );
}
