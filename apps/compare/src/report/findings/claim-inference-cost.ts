/**
 * Claim 2 of "Computational Tradeoffs in Image Synthesis: Diffusion, Masked-Token, and Next-Token
 * Prediction" (Kilian, Jampani, Zettlemoyer, arXiv:2405.13218), §4 (inference cost): next-token
 * prediction is the cheapest at inference for a given image quality (KV-cached decoding needs one pass per
 * token, against many full passes for diffusion).
 *
 * Equal quality: the target FD is the worst of the runs' best FDs, so every run reaches it; each run's
 * cost is its cheapest sampler setting with FD ≤ target.
 */
import type { ObjectiveName } from '../../store/schema.js';
import { type ByObjective, OBJECTIVE_LABELS } from '../objective-style.js';
import { type BootstrapOptions, bootstrapMeanDifference, meanOfMeans } from './bootstrap.js';
import type { Estimate } from './estimate.js';
import { type Comparison, decide, type Finding, missingDataFinding } from './finding.js';

/** The inference sweep of one trained model (one seed): FD and inference FLOPs per image of each setting. */
export interface InferenceRun {
  seed: number;
  points: readonly { flops: number; fd: number }[];
}

/** What claim 2 reads: each objective's inference sweeps, one per seed. */
export interface InferenceCostInput {
  runs: ByObjective<readonly InferenceRun[]>;
}

/** The worst best-FD over every run: the quality all of them reach. */
export function equalQualityTarget(runs: readonly InferenceRun[]): number {
  return Math.max(...runs.map((r) => Math.min(...r.points.map((p) => p.fd))));
}

/** Cheapest inference FLOPs per image of `run` among settings with FD ≤ `target` (Infinity if none). */
export function costAtQuality(run: InferenceRun, target: number): number {
  return Math.min(...run.points.filter((p) => p.fd <= target).map((p) => p.flops));
}

/** `12.3× cheaper than flow` (or `2.00× costlier than flow`) from log10 cost of `other` − next-token. */
function ratioWords(logDiff: number, other: string): string {
  return logDiff >= 0
    ? `${(10 ** logDiff).toPrecision(3)}× cheaper than ${other}`
    : `${(10 ** -logDiff).toPrecision(3)}× costlier than ${other}`;
}

/**
 * Tests claim 2 on `input` (bootstrap over seeds of log10 cost). With one seed of an objective there is
 * no interval: the comparisons carry the point estimate (difference of mean log10 costs) beside their
 * `tooFew` reason, the reason and the first note state the cost ratios, and the verdict stays
 * inconclusive — inference FLOPs per image are exact, but which setting reaches the target FD is one draw
 * of training and sampling noise whose spread one seed cannot show.
 */
export function claimInferenceCost(input: InferenceCostInput, stats: BootstrapOptions): Finding {
  const pct = Math.round(stats.confidence * 100);
  const base = {
    number: 2 as const,
    id: 'inference-cost',
    claim: 'Next-token prediction is the cheapest at inference at equal quality.',
    rule:
      "Target FD = the worst of every run's best FD (all runs reach it); a run's cost = its cheapest sampler " +
      `setting with FD ≤ target, in log10 FLOPs per image; ${pct}% percentile-bootstrap intervals over seeds. ` +
      'Supported when log10 cost of flow − next-token and of masked − next-token both lie above 0; not ' +
      'supported when either lies below 0; inconclusive otherwise. With one seed of an objective the cost ' +
      'ratio at the target is reported as a point estimate (FLOPs per image are exact, but which setting ' +
      'reaches the target is one draw of training and sampling noise) and the verdict is inconclusive: a ' +
      'verdict needs ≥ 2 seeds per objective.',
  };
  const objectives = ['flow', 'masked', 'next-token'] as const;
  const missing = objectives.filter((o) => !input.runs[o]?.some((r) => r.points.length > 0));
  if (missing.length > 0) return missingDataFinding(base, `no inference sweep for ${missing.join(', ')}`);
  const all = objectives.flatMap((o) => input.runs[o]!.filter((r) => r.points.length > 0));
  const target = equalQualityTarget(all);
  const logCost = (o: ObjectiveName) => ({
    name: o,
    replicates: input.runs[o]!.filter((r) => r.points.length > 0).map((r) => [
      Math.log10(costAtQuality(r, target)),
    ]),
  });
  const meanLog = (o: ObjectiveName) => meanOfMeans(logCost(o).replicates);
  const unit = 'log10 FLOPs per image';
  const diff = (o: ObjectiveName): Estimate => {
    const e = bootstrapMeanDifference(logCost(o), logCost('next-token'), {
      ...stats,
      seed: `${stats.seed}/cost-${o}`,
    });
    // No interval (one seed): keep the point estimate; `tooFew` still keeps the verdict open.
    return e.tooFew === undefined ? e : { ...e, estimate: meanLog(o) - meanLog('next-token') };
  };
  const comparisons: Comparison[] = [
    { label: 'flow − next-token', unit, estimate: diff('flow'), want: 'above', role: 'required' },
    { label: 'masked − next-token', unit, estimate: diff('masked'), want: 'above', role: 'required' },
  ];
  const notes = [`Target FD ${target.toFixed(2)}.`];
  for (const o of objectives) {
    const g = logCost(o).replicates;
    notes.push(
      `${OBJECTIVE_LABELS[o]}: ${(10 ** meanLog(o)).toExponential(2)} FLOPs per image (${g.length} seed${g.length > 1 ? 's' : ''})`,
    );
  }
  for (const c of comparisons)
    if (c.estimate.tooFew === undefined)
      notes.push(
        `${c.label}: next-token is ${(10 ** c.estimate.estimate).toFixed(1)}× cheaper [${(10 ** c.estimate.low).toFixed(1)}, ${(10 ** c.estimate.high).toFixed(1)}]`,
      );
  const decided = decide(comparisons);
  const single = objectives.filter((o) => logCost(o).replicates.length === 1);
  if (
    decided.verdict !== 'inconclusive' ||
    single.length === 0 ||
    comparisons.every((c) => !c.estimate.tooFew)
  )
    return { ...base, ...decided, notes };
  const point = `Point estimate at target FD ${target.toFixed(2)}: next-token is ${ratioWords(comparisons[0]!.estimate.estimate, 'flow')} and ${ratioWords(comparisons[1]!.estimate.estimate, 'masked')} per image`;
  return {
    ...base,
    ...decided,
    reason:
      `Inconclusive (one seed of ${single.join(', ')}): ${point.charAt(0).toLowerCase()}${point.slice(1)} — ` +
      'exact FLOPs, but which setting reaches the target is one draw of training and sampling noise, so there ' +
      'is no interval; train ≥ 2 seeds per objective for one.',
    notes: [`${point} (one seed: no interval).`, ...notes],
  };
}
