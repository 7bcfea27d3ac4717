/**
 * Pure selections over the results records that every plot and finding shares: which evaluation stands
 * for a milestone (EMA weights when evaluated, else raw), the learning curves of each configuration, and
 * the compute-optimal frontier (at each budget, the size and codec with the lowest mean FD).
 */
import type { ObjectiveName, UnitRecord, UnitResultOf } from '../store/schema.js';

/** An evaluation record's result. */
export type EvalResult = UnitResultOf<'eval'>;
/** An inference record's result. */
export type InferenceResult = UnitResultOf<'inference'>;
/** A codec record's result. */
export type CodecResult = UnitResultOf<'codec'>;

/** Results of every record of one kind. */
export function resultsOf<K extends UnitRecord['kind']>(
  records: readonly UnitRecord[],
  kind: K,
): UnitResultOf<K>[] {
  return records.filter((r) => r.kind === kind).map((r) => r.result as UnitResultOf<K>);
}

/** Mean, min, max and count of values. */
export interface Summary {
  mean: number;
  min: number;
  max: number;
  n: number;
}

/** Summary of a non-empty list. */
export function summarize(values: readonly number[]): Summary {
  return {
    mean: values.reduce((s, v) => s + v, 0) / values.length,
    min: Math.min(...values),
    max: Math.max(...values),
    n: values.length,
  };
}

/** Groups items by a string key, keeping first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The evaluations that stand for each (train unit, milestone): the EMA one where both exist. */
export function primaryEvals(evals: readonly EvalResult[]): EvalResult[] {
  const byMilestone = groupBy(evals, (e) => `${e.train}#${e.milestone.index}`);
  return [...byMilestone.values()].map((list) => list.find((e) => e.weights === 'ema') ?? list[0]!);
}

/** Evaluations of one configuration at one budget (one per seed). */
export interface BudgetCell {
  budgetFlops: number;
  evals: EvalResult[];
  /** Summary of FD over seeds. */
  fd: Summary;
}

/** One configuration (objective, size, codec) across budgets. */
export interface ConfigCurve {
  objective: ObjectiveName;
  size: string;
  codec: string;
  /** Sorted by budget. */
  cells: BudgetCell[];
}

function cell(budgetFlops: number, evals: EvalResult[]): BudgetCell {
  return { budgetFlops, evals, fd: summarize(evals.map((e) => e.quality.fd.value)) };
}

/** Learning curves of every configuration in `evals` (pass `primaryEvals` or one weight kind). */
export function configCurves(evals: readonly EvalResult[]): ConfigCurve[] {
  const byConfig = groupBy(evals, (e) => `${e.objective}|${e.size}|${e.codec}`);
  return [...byConfig.values()].map((list) => ({
    objective: list[0]!.objective,
    size: list[0]!.size,
    codec: list[0]!.codec,
    cells: [...groupBy(list, (e) => String(e.milestone.budgetFlops)).values()]
      .map((l) => cell(l[0]!.milestone.budgetFlops, l))
      .sort((a, b) => a.budgetFlops - b.budgetFlops),
  }));
}

/** The compute-optimal choice at one budget. */
export interface FrontierCell extends BudgetCell {
  size: string;
  codec: string;
}

/** Per objective, at each budget, the configuration with the lowest mean FD over seeds. */
export function computeFrontier(evals: readonly EvalResult[]): Map<ObjectiveName, FrontierCell[]> {
  const out = new Map<ObjectiveName, FrontierCell[]>();
  for (const curve of configCurves(evals)) {
    const cells = out.get(curve.objective) ?? [];
    for (const c of curve.cells) {
      const i = cells.findIndex((f) => f.budgetFlops === c.budgetFlops);
      const candidate = { ...c, size: curve.size, codec: curve.codec };
      if (i < 0) cells.push(candidate);
      else if (c.fd.mean < cells[i]!.fd.mean) cells[i] = candidate;
    }
    out.set(curve.objective, cells);
  }
  for (const cells of out.values()) cells.sort((a, b) => a.budgetFlops - b.budgetFlops);
  return out;
}

/** The largest budget every listed objective has a frontier cell at, or undefined. */
export function largestCommonBudget(
  frontier: Map<ObjectiveName, FrontierCell[]>,
  objectives: readonly ObjectiveName[],
): number | undefined {
  const sets = objectives.map((o) => new Set((frontier.get(o) ?? []).map((c) => c.budgetFlops)));
  const common = [...(sets[0] ?? [])].filter((b) => sets.every((s) => s.has(b)));
  return common.length ? Math.max(...common) : undefined;
}

/** Compact FLOP count for text: `3.0e13`. */
export function formatFlops(flops: number): string {
  return flops.toExponential(1).replace('e+', 'e');
}
