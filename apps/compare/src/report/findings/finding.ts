/**
 * A finding: one claim of the paper tested on a run's own numbers, with the rule that decides it and the
 * comparisons the rule reads. `decide` is that rule's common skeleton: each check wants an interval on one
 * side of zero; a check clearly on the other side refutes, a check without an interval or one straddling
 * zero leaves the claim open.
 */
import { type Estimate, type Side, sideOfZero } from './estimate.js';

/** The three possible outcomes of a claim. */
export type Verdict = 'supported' | 'not supported' | 'inconclusive';

/** One quantity a rule reads: an estimate with its label and unit. */
export interface Comparison {
  /** What is estimated, e.g. `next-token − flow, ceiling-normalised prompt accuracy`. */
  label: string;
  /** Unit of the estimate (`fraction of ceiling`, `FD per decade of FLOPs`, `log10 FLOPs`). */
  unit: string;
  estimate: Estimate;
  /** The side of zero the claim predicts. */
  want: 'above' | 'below';
  /**
   * `required`: the claim needs the interval on the `want` side; `not-opposite`: the claim only needs it
   * not clearly on the other side (a secondary ordering).
   */
  role: 'required' | 'not-opposite';
  /** Where the interval lies (filled by `decide`). */
  side?: Side;
}

/** The outcome of testing one claim. */
export interface Finding {
  /** Claim number in the paper's order, 1–5. */
  number: 1 | 2 | 3 | 4 | 5;
  /** Short name (`prompt-following`). */
  id: string;
  /** The paper's claim in words. */
  claim: string;
  /** The rule that decides the verdict, as printed beside it. */
  rule: string;
  verdict: Verdict;
  /** Why this verdict, in one or two sentences (names comparisons, or what data is missing). */
  reason: string;
  /** The quantities the rule read, with their intervals. */
  comparisons: Comparison[];
  /** Context numbers that are not part of the rule (fitted slopes, crossover, target FD). */
  notes: string[];
}

/**
 * The interval in words: `+0.12 [0.05, 0.19]`; without an interval, `n/a (why)`, or the point estimate and
 * why when a claim kept one (`+1.20 (point estimate, no interval: only 1 seed …)`).
 */
export function formatEstimate(e: Estimate, digits = 3): string {
  const f = (v: number) =>
    Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : v.toFixed(digits);
  const sign = e.estimate > 0 ? '+' : '';
  if (e.tooFew !== undefined)
    return Number.isFinite(e.estimate)
      ? `${sign}${f(e.estimate)} (point estimate, no interval: ${e.tooFew})`
      : `n/a (${e.tooFew})`;
  return `${sign}${f(e.estimate)} [${f(e.low)}, ${f(e.high)}]`;
}

/**
 * Applies the shared decision skeleton to `comparisons`:
 * 1. any comparison clearly on the opposite side of zero → not supported;
 * 2. else any comparison without an interval (too few points) → inconclusive, saying what is missing;
 * 3. else every `required` comparison on its wanted side → supported;
 * 4. else inconclusive (an interval overlaps zero).
 */
export function decide(comparisons: Comparison[]): {
  verdict: Verdict;
  reason: string;
  comparisons: Comparison[];
} {
  const judged = comparisons.map((c) => ({ ...c, side: sideOfZero(c.estimate) }));
  const opposite = judged.filter((c) => c.side !== 'too-few' && c.side !== 'overlaps' && c.side !== c.want);
  if (opposite.length > 0)
    return {
      verdict: 'not supported',
      reason: `${opposite.map((c) => `${c.label} lies ${c.side} 0`).join('; ')}, against the claim.`,
      comparisons: judged,
    };
  const missing = judged.filter((c) => c.side === 'too-few');
  if (missing.length > 0)
    return {
      verdict: 'inconclusive',
      reason: `Too few points: ${[...new Set(missing.flatMap((c) => c.estimate.tooFew!.split('; ')))].join('; ')}.`,
      comparisons: judged,
    };
  const open = judged.filter((c) => c.role === 'required' && c.side !== c.want);
  if (open.length === 0)
    return {
      verdict: 'supported',
      reason: `Every required interval lies on the predicted side of 0 (${judged.filter((c) => c.role === 'required').length} checked).`,
      comparisons: judged,
    };
  return {
    verdict: 'inconclusive',
    reason: `The interval of ${open.map((c) => c.label).join('; ')} overlaps 0.`,
    comparisons: judged,
  };
}

/** A finding that could not be evaluated at all (no data of the needed kind). */
export function missingDataFinding(
  base: Pick<Finding, 'number' | 'id' | 'claim' | 'rule'>,
  reason: string,
): Finding {
  return {
    ...base,
    verdict: 'inconclusive',
    reason: `Too few points: ${reason}.`,
    comparisons: [],
    notes: [],
  };
}
