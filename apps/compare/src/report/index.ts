/**
 * The comparison report of a `flopmatch compare` run: `writeReport` and the pieces it is built from —
 * the findings (the paper's five claims tested with seeded bootstrap and least-squares intervals) and the
 * small SVG plotting module.
 */
export * from './findings/bootstrap.js';
export * from './findings/claim-codec-bound.js';
export * from './findings/claim-compute-trend.js';
export * from './findings/claim-ema.js';
export * from './findings/claim-inference-cost.js';
export * from './findings/claim-prompt-following.js';
export * from './findings/estimate.js';
export * from './findings/evaluate-findings.js';
export * from './findings/finding.js';
export * from './findings/least-squares.js';
export * from './findings/pareto-frontier.js';
export * from './findings/student-t.js';
export type {
  AxisSpec,
  LineStyle,
  MarkerShape,
  PlotPoint,
  PlotSeries,
  PlotSpec,
  ReferenceLine,
} from './plot/svg-plot.js';
export { renderPlot } from './plot/svg-plot.js';
export { type ReportOptions, ReportOptionsSchema } from './report-options.js';
export { type WrittenReport, writeReport } from './write-report.js';
