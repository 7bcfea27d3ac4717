/**
 * Claim 1 of "Computational Tradeoffs in Image Synthesis: Diffusion, Masked-Token, and Next-Token
 * Prediction" (Kilian, Jampani, Zettlemoyer, arXiv:2405.13218), §4 (prompt following): token-based
 * methods, next-token first, follow prompts better than diffusion. Scores are read against each codec's
 * reconstruction ceiling (a generator cannot beat what its codec can represent).
 */
import type { ObjectiveName } from '../../store/schema.js';
import { type ByObjective, OBJECTIVE_LABELS } from '../objective-style.js';
import { type BootstrapOptions, bootstrapMeanDifference, type Replicates } from './bootstrap.js';
import { type Comparison, decide, type Finding, missingDataFinding } from './finding.js';

/** What claim 1 reads. */
export interface PromptFollowingInput {
  /**
   * Per objective, per seed, the per-prompt outcomes (1 = the checker accepts the image, 0 = not),
   * divided by the codec's ceiling when `normalised` is true.
   */
  scores: ByObjective<Replicates>;
  /** True when scores are divided by each codec's reconstruction prompt accuracy. */
  normalised: boolean;
  /** Where the scores come from, for the notes (`budget 3e13 FLOPs, best size per objective`). */
  context: string;
}

/** Tests claim 1 on `input` (bootstrap over seeds and prompts). */
export function claimPromptFollowing(input: PromptFollowingInput, stats: BootstrapOptions): Finding {
  const pct = Math.round(stats.confidence * 100);
  const unit = input.normalised ? 'fraction of the codec ceiling' : 'prompt accuracy (no ceiling recorded)';
  const base = {
    number: 1 as const,
    id: 'prompt-following',
    claim: 'Token methods (next-token first) follow prompts better than diffusion.',
    rule:
      `Prompt accuracy divided by each codec's reconstruction ceiling; ${pct}% percentile-bootstrap intervals ` +
      'over seeds and prompts. Supported when next-token − flow and masked − flow both lie above 0 and ' +
      'next-token − masked does not lie below 0; not supported when any lies on the other side; ' +
      'inconclusive otherwise or with too few points.',
  };
  const missing = (['flow', 'masked', 'next-token'] as const).filter((o) => !input.scores[o]?.length);
  if (missing.length > 0) return missingDataFinding(base, `no prompt accuracy for ${missing.join(', ')}`);
  const group = (o: ObjectiveName) => ({ name: o, replicates: input.scores[o]! });
  const diff = (a: ObjectiveName, b: ObjectiveName, seed: string) =>
    bootstrapMeanDifference(group(a), group(b), { ...stats, seed: `${stats.seed}/${seed}` });
  const comparisons: Comparison[] = [
    {
      label: 'next-token − flow',
      unit,
      estimate: diff('next-token', 'flow', 'nt-flow'),
      want: 'above',
      role: 'required',
    },
    {
      label: 'masked − flow',
      unit,
      estimate: diff('masked', 'flow', 'masked-flow'),
      want: 'above',
      role: 'required',
    },
    {
      label: 'next-token − masked',
      unit,
      estimate: diff('next-token', 'masked', 'nt-masked'),
      want: 'above',
      role: 'not-opposite',
    },
  ];
  const notes = [`Scores from ${input.context}.`];
  if (!input.normalised) notes.push('No codec ceiling recorded: raw prompt accuracy compared.');
  for (const o of ['flow', 'masked', 'next-token'] as const) {
    const reps = input.scores[o]!;
    const mean = reps.reduce((s, r) => s + r.reduce((a, b) => a + b, 0) / r.length, 0) / reps.length;
    notes.push(
      `${OBJECTIVE_LABELS[o]}: ${mean.toFixed(3)} (${reps.length} seed${reps.length > 1 ? 's' : ''}, ${reps[0]!.length} prompts each)`,
    );
  }
  return { ...base, ...decide(comparisons), notes };
}
