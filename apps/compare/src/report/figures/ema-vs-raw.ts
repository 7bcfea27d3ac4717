/** Figure: FD of EMA and raw weights against training FLOPs, per objective. */
import { OBJECTIVE_COLORS, OBJECTIVE_LABELS, OBJECTIVES } from '../objective-style.js';
import type { PlotSeries, PlotSpec } from '../plot/svg-plot.js';
import { configCurves } from '../report-data.js';
import type { ReportModel } from '../report-model.js';
import { FD_AXIS, TRAINING_COMPUTE_AXIS } from './series-style.js';

/** For each objective's best configuration at its largest budget: FD of raw and EMA weights per budget. */
export function emaVsRawFigure(model: ReportModel): PlotSpec {
  const series: PlotSeries[] = [];
  for (const o of OBJECTIVES) {
    const last = (model.frontier.get(o) ?? []).at(-1);
    if (!last) continue;
    for (const weights of ['ema', 'raw'] as const) {
      const curve = configCurves(
        model.evals.filter(
          (e) => e.weights === weights && e.objective === o && e.size === last.size && e.codec === last.codec,
        ),
      )[0];
      if (!curve) continue;
      series.push({
        name: `${OBJECTIVE_LABELS[o]} ${weights === 'ema' ? 'EMA' : 'raw'} (${last.size} ${last.codec})`,
        color: OBJECTIVE_COLORS[o],
        line: weights === 'ema' ? 'solid' : 'dotted',
        marker: weights === 'ema' ? 'circle' : 'square',
        points: curve.cells.map((c) => ({ x: c.budgetFlops, y: c.fd.mean, yLow: c.fd.min, yHigh: c.fd.max })),
      });
    }
  }
  return {
    id: 'ema-vs-raw',
    title: 'EMA vs raw weights',
    caption:
      'FD of the exponential moving average of the weights (solid) and of the raw weights (dotted), same ' +
      'model and sampler, mean over seeds. The gap is what EMA buys each objective (finding 4).',
    x: TRAINING_COMPUTE_AXIS,
    y: FD_AXIS,
    series,
  };
}
