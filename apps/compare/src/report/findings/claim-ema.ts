/**
 * Claim 4 of "Computational Tradeoffs in Image Synthesis: Diffusion, Masked-Token, and Next-Token
 * Prediction" (Kilian, Jampani, Zettlemoyer, arXiv:2405.13218), §4 (EMA ablation): an exponential moving
 * average of the weights matters more for diffusion than for token methods.
 *
 * EMA benefit of one trained model = (FD_raw − FD_ema) / FD_raw at its last milestone (relative, so
 * codecs with different FD floors compare).
 */
import { type ByObjective, OBJECTIVE_LABELS } from '../objective-style.js';
import { type BootstrapOptions, bootstrapMeanDifference } from './bootstrap.js';
import { type Comparison, decide, type Finding, missingDataFinding } from './finding.js';

/** Raw and EMA FD of one trained model at the same milestone. */
export interface EmaPair {
  raw: number;
  ema: number;
}

/** What claim 4 reads: per objective, one pair per trained model (seed, size, codec). */
export interface EmaInput {
  pairs: ByObjective<readonly EmaPair[]>;
}

/** Relative FD improvement from EMA: (raw − ema) / raw (positive = EMA helps). */
export function emaBenefit(pair: EmaPair): number {
  return (pair.raw - pair.ema) / pair.raw;
}

/** Tests claim 4 on `input` (bootstrap over trained models). */
export function claimEma(input: EmaInput, stats: BootstrapOptions): Finding {
  const pct = Math.round(stats.confidence * 100);
  const base = {
    number: 4 as const,
    id: 'ema',
    claim: 'EMA matters more for diffusion than for token methods.',
    rule:
      'EMA benefit = (FD_raw − FD_ema) / FD_raw per trained model at its last milestone; ' +
      `${pct}% percentile-bootstrap intervals over trained models. Supported when benefit of flow − masked ` +
      'and flow − next-token both lie above 0; not supported when either lies below 0; inconclusive ' +
      'otherwise or with too few models.',
  };
  const objectives = ['flow', 'masked', 'next-token'] as const;
  const missing = objectives.filter((o) => !input.pairs[o]?.length);
  if (missing.length > 0)
    return missingDataFinding(base, `no raw and EMA evaluations of ${missing.join(', ')}`);
  const group = (o: (typeof objectives)[number]) => ({
    name: o,
    replicates: input.pairs[o]!.map((p) => [emaBenefit(p)]),
  });
  const unit = 'relative FD improvement';
  const diff = (o: 'masked' | 'next-token') =>
    bootstrapMeanDifference(group('flow'), group(o), { ...stats, seed: `${stats.seed}/ema-${o}` });
  const comparisons: Comparison[] = [
    {
      label: 'EMA benefit of flow − masked',
      unit,
      estimate: diff('masked'),
      want: 'above',
      role: 'required',
    },
    {
      label: 'EMA benefit of flow − next-token',
      unit,
      estimate: diff('next-token'),
      want: 'above',
      role: 'required',
    },
  ];
  const notes = objectives.map((o) => {
    const b = input.pairs[o]!.map(emaBenefit);
    const mean = b.reduce((s, v) => s + v, 0) / b.length;
    return `${OBJECTIVE_LABELS[o]}: EMA improves FD by ${(100 * mean).toFixed(1)}% on average (${b.length} model${b.length > 1 ? 's' : ''})`;
  });
  return { ...base, ...decide(comparisons), notes };
}
