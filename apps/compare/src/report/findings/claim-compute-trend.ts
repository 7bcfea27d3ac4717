/**
 * Claim 3 of "Computational Tradeoffs in Image Synthesis: Diffusion, Masked-Token, and Next-Token
 * Prediction" (Kilian, Jampani, Zettlemoyer, arXiv:2405.13218), §4 (image quality vs training compute):
 * next-token prediction leads on quality at low compute, and diffusion catches up as compute grows.
 *
 * Trend: FD = a + b·log10(training FLOPs), fitted by least squares on each objective's compute-optimal
 * frontier (every seed's FD at each budget), with t-based intervals.
 */
import type { ObjectiveName } from '../../store/schema.js';
import { type ByObjective, OBJECTIVE_LABELS } from '../objective-style.js';
import { type Comparison, decide, type Finding, formatEstimate, missingDataFinding } from './finding.js';
import { fitLine, fittedDifference, type LineFit, slopeDifference, slopeInterval } from './least-squares.js';

/** One FD measurement at a training budget (one seed of the frontier configuration). */
export interface TrendPoint {
  /** Training FLOPs (model FLOPs of the budget). */
  flops: number;
  fd: number;
}

/** What claim 3 reads: each objective's frontier points. */
export interface ComputeTrendInput {
  points: ByObjective<readonly TrendPoint[]>;
}

/** Fits FD against log10 FLOPs (or says why it cannot). */
export function fitTrend(points: readonly TrendPoint[]): LineFit | string {
  const budgets = new Set(points.map((p) => p.flops)).size;
  if (budgets < 3) return `${budgets} budget${budgets === 1 ? '' : 's'}; a trend needs ≥ 3`;
  return fitLine(
    points.map((p) => Math.log10(p.flops)),
    points.map((p) => p.fd),
  );
}

/** Tests claim 3 on `input`. */
export function claimComputeTrend(input: ComputeTrendInput, confidence: number): Finding {
  const pct = Math.round(confidence * 100);
  const base = {
    number: 3 as const,
    id: 'compute-trend',
    claim: 'Next-token leads on quality at low compute; diffusion catches up as compute grows.',
    rule:
      'Fit FD = a + b·log10 FLOPs per objective on its compute-optimal frontier (≥ 3 budgets), ' +
      `${pct}% t intervals (Welch for differences). Supported when fitted FD of next-token − flow at the ` +
      'smallest common budget lies below 0 and slope of flow − slope of next-token lies below 0; not ' +
      'supported when either lies above 0; inconclusive otherwise or with too few budgets.',
  };
  const missing = (['flow', 'next-token'] as const).filter((o) => !input.points[o]?.length);
  if (missing.length > 0) return missingDataFinding(base, `no evaluations for ${missing.join(', ')}`);
  const fits: ByObjective<LineFit | string> = {};
  for (const [o, pts] of Object.entries(input.points) as [ObjectiveName, TrendPoint[]][])
    fits[o] = fitTrend(pts);
  const x0 = Math.max(
    ...(['flow', 'next-token'] as const).map((o) =>
      Math.min(...input.points[o]!.map((p) => Math.log10(p.flops))),
    ),
  );
  const withName = (o: ObjectiveName) => {
    const f = fits[o]!;
    return typeof f === 'string' ? `${o}: ${f}` : f;
  };
  const comparisons: Comparison[] = [
    {
      label: `next-token − flow, fitted FD at ${(10 ** x0).toExponential(1)} FLOPs`,
      unit: 'FD',
      estimate: fittedDifference(withName('next-token'), withName('flow'), x0, confidence),
      want: 'below',
      role: 'required',
    },
    {
      label: 'slope of flow − slope of next-token',
      unit: 'FD per decade of FLOPs',
      estimate: slopeDifference(withName('flow'), withName('next-token'), confidence),
      want: 'below',
      role: 'required',
    },
  ];
  const notes: string[] = [];
  for (const [o, f] of Object.entries(fits) as [ObjectiveName, LineFit | string][])
    notes.push(
      typeof f === 'string'
        ? `${OBJECTIVE_LABELS[o]}: no slope (${f})`
        : `${OBJECTIVE_LABELS[o]}: slope ${formatEstimate(slopeInterval(f, confidence), 2)} FD per decade (${f.n} points)`,
    );
  const flow = fits.flow;
  const nt = fits['next-token'];
  if (typeof flow !== 'string' && typeof nt !== 'string' && flow && nt && flow.slope !== nt.slope) {
    const cross = (nt.intercept - flow.intercept) / (flow.slope - nt.slope);
    if (cross > x0)
      notes.push(`Fitted lines of flow and next-token cross at ${(10 ** cross).toExponential(1)} FLOPs.`);
  }
  return { ...base, ...decide(comparisons), notes };
}
