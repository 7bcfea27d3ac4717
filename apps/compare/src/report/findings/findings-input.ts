/**
 * Turns a run's results records into the inputs of the five claims. Every choice is stated in the notes
 * each claim prints: which budget, which size and codec (the compute-optimal one), EMA or raw weights.
 */
import type { ObjectiveName, UnitRecord } from '../../store/schema.js';
import type { ByObjective } from '../objective-style.js';
import {
  type CodecResult,
  computeFrontier,
  configCurves,
  type EvalResult,
  formatFlops,
  groupBy,
  type InferenceResult,
  largestCommonBudget,
  primaryEvals,
  resultsOf,
  summarize,
} from '../report-data.js';
import type { CodecBoundInput, CodecGenerator } from './claim-codec-bound.js';
import type { ComputeTrendInput } from './claim-compute-trend.js';
import type { EmaInput, EmaPair } from './claim-ema.js';
import type { InferenceCostInput } from './claim-inference-cost.js';
import type { PromptFollowingInput } from './claim-prompt-following.js';

const ALL: readonly ObjectiveName[] = ['flow', 'masked', 'next-token'];

/** Per-prompt outcomes of a prompt accuracy `value` over `n` prompts: round(value·n) ones, the rest zeros. */
export function promptOutcomes(value: number, n: number): number[] {
  const k = Math.round(value * n);
  return Array.from({ length: n }, (_, i) => (i < k ? 1 : 0));
}

function ceilingOf(e: EvalResult, codecs: Map<string, CodecResult>): number | undefined {
  const c = e.promptCeiling?.value ?? codecs.get(e.codec)?.reconstruction.promptAccuracy?.value;
  return c !== undefined && c > 0 ? c : undefined;
}

/** Claim 1: prompt outcomes at the largest common budget, each objective's compute-optimal configuration. */
export function promptFollowingInput(records: readonly UnitRecord[]): PromptFollowingInput {
  const codecs = new Map(resultsOf(records, 'codec').map((c) => [c.name, c]));
  const frontier = computeFrontier(primaryEvals(resultsOf(records, 'eval')));
  const budget = largestCommonBudget(frontier, ALL);
  if (budget === undefined)
    return { scores: {}, normalised: false, context: 'no budget common to all objectives' };
  const cells = ALL.map((o) => [o, frontier.get(o)!.find((c) => c.budgetFlops === budget)!] as const);
  const evals = cells.flatMap(([, c]) => c.evals).filter((e) => e.quality.promptAccuracy);
  const normalised = evals.length > 0 && evals.every((e) => ceilingOf(e, codecs) !== undefined);
  const scores: ByObjective<number[][]> = {};
  for (const [o, c] of cells) {
    const reps = c.evals
      .filter((e) => e.quality.promptAccuracy && e.quality.promptAccuracy.n > 0)
      .map((e) => {
        const pa = e.quality.promptAccuracy!;
        const scale = normalised ? 1 / ceilingOf(e, codecs)! : 1;
        return promptOutcomes(pa.value, pa.n).map((v) => v * scale);
      });
    if (reps.length > 0) scores[o] = reps;
  }
  const configs = cells.map(([o, c]) => `${o} ${c.size}/${c.codec}`).join(', ');
  return { scores, normalised, context: `budget ${formatFlops(budget)} FLOPs (${configs})` };
}

/**
 * The inference sweeps that stand for an objective: EMA weights when swept, and the (size, codec) whose
 * sweeps reach the lowest FD on average over seeds. One record per seed.
 */
export function chooseInferenceRuns(
  records: readonly UnitRecord[],
  objective: ObjectiveName,
): InferenceResult[] {
  const mine = resultsOf(records, 'inference').filter(
    (r) => r.objective === objective && r.points.length > 0,
  );
  const preferred = mine.some((r) => r.weights === 'ema') ? mine.filter((r) => r.weights === 'ema') : mine;
  const groups = [...groupBy(preferred, (r) => `${r.size}|${r.codec}`).values()];
  const best = (g: InferenceResult[]) =>
    summarize(g.map((r) => Math.min(...r.points.map((p) => p.quality.fd.value)))).mean;
  return groups.sort((a, b) => best(a) - best(b))[0] ?? [];
}

/** Claim 2: each objective's chosen inference sweeps (see `chooseInferenceRuns`). */
export function inferenceCostInput(records: readonly UnitRecord[]): InferenceCostInput {
  const runs: InferenceCostInput['runs'] = {};
  for (const o of ALL) {
    const chosen = chooseInferenceRuns(records, o);
    if (chosen.length === 0) continue;
    runs[o] = chosen.map((r) => ({
      seed: r.seed,
      points: r.points.map((p) => ({ flops: p.cost.flopsPerImage.model, fd: p.quality.fd.value })),
    }));
  }
  return { runs };
}

/** Claim 3: every seed's FD on each objective's compute-optimal frontier. */
export function computeTrendInput(records: readonly UnitRecord[]): ComputeTrendInput {
  const frontier = computeFrontier(primaryEvals(resultsOf(records, 'eval')));
  const points: ComputeTrendInput['points'] = {};
  for (const [o, cells] of frontier)
    points[o] = cells.flatMap((c) => c.evals.map((e) => ({ flops: c.budgetFlops, fd: e.quality.fd.value })));
  return { points };
}

/** Claim 4: raw and EMA FD of each trained model at its last milestone evaluated both ways. */
export function emaInput(records: readonly UnitRecord[]): EmaInput {
  const pairs: ByObjective<EmaPair[]> = {};
  for (const [, evals] of groupBy(resultsOf(records, 'eval'), (e) => e.train)) {
    const both = [...groupBy(evals, (e) => String(e.milestone.index)).values()].filter(
      (l) => l.some((e) => e.weights === 'raw') && l.some((e) => e.weights === 'ema'),
    );
    const last = both.sort((a, b) => b[0]!.milestone.index - a[0]!.milestone.index)[0];
    if (!last) continue;
    const o = last[0]!.objective;
    const fd = (w: 'raw' | 'ema') => last.find((e) => e.weights === w)!.quality.fd.value;
    const list = pairs[o] ?? [];
    list.push({ raw: fd('raw'), ema: fd('ema') });
    pairs[o] = list;
  }
  return { pairs };
}

/**
 * Claim 5: per objective, generator FD on each of its codecs at the largest budget all its codecs reached,
 * with the size that does best there averaged over codecs.
 */
export function codecBoundInput(records: readonly UnitRecord[]): CodecBoundInput {
  const codecs = new Map(resultsOf(records, 'codec').map((c) => [c.name, c]));
  const baselines = resultsOf(records, 'eval-nets').flatMap((e) => e.realBaseline);
  const realFdAt = (n: number) => baselines.find((b) => b.n === n)?.fd.value;
  const curves = configCurves(primaryEvals(resultsOf(records, 'eval')));
  const out: ByObjective<CodecGenerator[]> = {};
  const contexts: string[] = [];
  for (const o of ALL) {
    const mine = curves.filter((c) => c.objective === o && codecs.has(c.codec));
    const names = [...new Set(mine.map((c) => c.codec))];
    if (names.length === 0) continue;
    // (budget, size) cells every codec of the objective has
    const key = (b: number, s: string) => `${b}|${s}`;
    const perCodec = names.map(
      (n) =>
        new Set(
          mine.filter((c) => c.codec === n).flatMap((c) => c.cells.map((x) => key(x.budgetFlops, c.size))),
        ),
    );
    const common = [...perCodec[0]!].filter((k) => perCodec.every((s) => s.has(k)));
    if (common.length === 0) continue;
    const maxBudget = Math.max(...common.map((k) => Number(k.split('|')[0])));
    const sizes = common.filter((k) => Number(k.split('|')[0]) === maxBudget).map((k) => k.split('|')[1]!);
    const cellOf = (codec: string, size: string) =>
      mine.find((c) => c.codec === codec && c.size === size)!.cells.find((x) => x.budgetFlops === maxBudget)!;
    const meanOver = (size: string) => summarize(names.map((n) => cellOf(n, size).fd.mean)).mean;
    const size = sizes.sort((a, b) => meanOver(a) - meanOver(b))[0]!;
    contexts.push(`${o}: ${size} at ${formatFlops(maxBudget)} FLOPs`);
    out[o] = names.map((n) => {
      const c = codecs.get(n)!;
      return {
        codec: n,
        ...(c.reconstruction.fd ? { reconstructionFd: c.reconstruction.fd.value } : {}),
        ...(c.reconstruction.fd && realFdAt(c.reconstruction.fd.n) !== undefined
          ? { realFd: realFdAt(c.reconstruction.fd.n)! }
          : {}),
        psnr: c.reconstruction.psnr.value,
        generatorFd: cellOf(n, size).evals.map((e) => e.quality.fd.value),
      };
    });
  }
  return { codecs: out, context: contexts.join('; ') || 'no evaluations' };
}
