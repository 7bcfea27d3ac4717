/** Figure: the compute-optimal frontier across sizes, with each objective's fitted trend and its band. */

import { fitTrend } from '../findings/claim-compute-trend.js';
import { computeTrendInput } from '../findings/findings-input.js';
import { fittedMean } from '../findings/least-squares.js';
import { studentTQuantile } from '../findings/student-t.js';
import { OBJECTIVE_COLORS, OBJECTIVE_LABELS, OBJECTIVES } from '../objective-style.js';
import type { PlotSeries, PlotSpec } from '../plot/svg-plot.js';
import type { ReportModel } from '../report-model.js';
import { FD_AXIS, TRAINING_COMPUTE_AXIS } from './series-style.js';

/** Best FD over sizes and codecs at each budget, per objective, with FD = a + b·log10 FLOPs fits. */
export function computeFrontierFigure(model: ReportModel, confidence: number): PlotSpec {
  const trend = computeTrendInput(model.records);
  const series: PlotSeries[] = [];
  for (const o of OBJECTIVES) {
    const cells = model.frontier.get(o) ?? [];
    if (cells.length === 0) continue;
    series.push({
      name: `${OBJECTIVE_LABELS[o]} frontier`,
      color: OBJECTIVE_COLORS[o],
      // label the size where it changes along the frontier
      points: cells.map((c, i) => ({
        x: c.budgetFlops,
        y: c.fd.mean,
        yLow: c.fd.min,
        yHigh: c.fd.max,
        ...(i === 0 || cells[i - 1]!.size !== c.size ? { label: c.size } : {}),
      })),
    });
    const fit = fitTrend(trend.points[o] ?? []);
    if (typeof fit === 'string') continue;
    const t = studentTQuantile(0.5 + confidence / 2, fit.df);
    const lo = Math.log10(cells[0]!.budgetFlops);
    const hi = Math.log10(cells[cells.length - 1]!.budgetFlops);
    const xs = Array.from({ length: 21 }, (_, i) => lo + ((hi - lo) * i) / 20);
    series.push({
      name: `${o} fit: ${fit.slope.toFixed(1)} FD per decade`,
      color: OBJECTIVE_COLORS[o],
      line: 'dashed',
      marker: 'none',
      points: xs.map((x) => ({ x: 10 ** x, y: fittedMean(fit, x).value })),
      band: xs.map((x) => {
        const m = fittedMean(fit, x);
        return { x: 10 ** x, low: m.value - t * m.se, high: m.value + t * m.se };
      }),
    });
  }
  return {
    id: 'compute-frontier',
    title: 'Compute-optimal frontier',
    caption:
      `At each budget, the size and codec with the lowest mean FD (labelled where the best size changes). Dashed: least-squares ` +
      `fit of FD against log10 FLOPs with its ${Math.round(confidence * 100)}% confidence band — the slopes that finding 3 compares.`,
    x: TRAINING_COMPUTE_AXIS,
    y: FD_AXIS,
    series,
  };
}
