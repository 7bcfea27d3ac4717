/**
 * The findings table: the paper's five claims, each tested on one run's own numbers.
 */
import type { UnitRecord } from '../../store/schema.js';
import type { BootstrapOptions } from './bootstrap.js';
import { claimCodecBound } from './claim-codec-bound.js';
import { claimComputeTrend } from './claim-compute-trend.js';
import { claimEma } from './claim-ema.js';
import { claimInferenceCost } from './claim-inference-cost.js';
import { claimPromptFollowing } from './claim-prompt-following.js';
import type { Finding } from './finding.js';
import {
  codecBoundInput,
  computeTrendInput,
  emaInput,
  inferenceCostInput,
  promptFollowingInput,
} from './findings-input.js';

/**
 * Tests the five claims on `records` with seeded bootstrap settings `stats`; returns them in the paper's
 * order. Deterministic: the same records and settings give the same findings.
 *
 * @example
 * const findings = evaluateFindings(await readResults('runs/demo'), { resamples: 2000, confidence: 0.95, seed: 0 });
 * for (const f of findings) console.log(f.number, f.verdict, f.reason);
 */
export function evaluateFindings(records: readonly UnitRecord[], stats: BootstrapOptions): Finding[] {
  return [
    claimPromptFollowing(promptFollowingInput(records), stats),
    claimInferenceCost(inferenceCostInput(records), stats),
    claimComputeTrend(computeTrendInput(records), stats.confidence),
    claimEma(emaInput(records), stats),
    claimCodecBound(codecBoundInput(records), stats),
  ];
}
