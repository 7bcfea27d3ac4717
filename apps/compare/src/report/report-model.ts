/**
 * Everything the report's sections read, derived once from a run: the records split by kind, the
 * evaluations that stand for each milestone, the compute-optimal frontier and the real-vs-real baseline.
 */
import type { ObjectiveName, RunInfo, UnitRecord, UnitResultOf } from '../store/schema.js';
import {
  type CodecResult,
  computeFrontier,
  type EvalResult,
  type FrontierCell,
  type InferenceResult,
  primaryEvals,
  resultsOf,
} from './report-data.js';

/** The derived view of a run every section renders from. */
export interface ReportModel {
  runDir: string;
  info: RunInfo | undefined;
  records: readonly UnitRecord[];
  /** Every evaluation (raw and EMA). */
  evals: EvalResult[];
  /** One evaluation per (train unit, milestone): EMA where evaluated. */
  primary: EvalResult[];
  frontier: Map<ObjectiveName, FrontierCell[]>;
  codecs: Map<string, CodecResult>;
  inference: InferenceResult[];
  evalNets: UnitResultOf<'eval-nets'> | undefined;
  /** Real-vs-real baseline matching the evaluations' N (the largest N when several). */
  baseline: UnitResultOf<'eval-nets'>['realBaseline'][number] | undefined;
}

/** Builds the model of a run from its records. */
export function buildReportModel(
  runDir: string,
  info: RunInfo | undefined,
  records: readonly UnitRecord[],
): ReportModel {
  const evals = resultsOf(records, 'eval');
  const primary = primaryEvals(evals);
  const evalNets = resultsOf(records, 'eval-nets')[0];
  const n = evals.length ? Math.max(...evals.map((e) => e.n)) : undefined;
  const baselines = evalNets?.realBaseline ?? [];
  const baseline = baselines.find((b) => b.n === n) ?? [...baselines].sort((a, b) => b.n - a.n)[0];
  return {
    runDir,
    info,
    records,
    evals,
    primary,
    frontier: computeFrontier(primary),
    codecs: new Map(resultsOf(records, 'codec').map((c) => [c.name, c])),
    inference: resultsOf(records, 'inference'),
    evalNets,
    baseline,
  };
}
