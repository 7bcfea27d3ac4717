/** Figure: image quality (FD) against training FLOPs, one line per objective × size × codec. */
import { OBJECTIVE_COLORS, OBJECTIVES, REFERENCE_COLORS } from '../objective-style.js';
import type { PlotSeries, PlotSpec, ReferenceLine } from '../plot/svg-plot.js';
import { configCurves } from '../report-data.js';
import type { ReportModel } from '../report-model.js';
import { codecDash, distinct, FD_AXIS, sizeMarker, TRAINING_COMPUTE_AXIS } from './series-style.js';

/** FD vs training FLOPs of every configuration (mean over seeds, bars from min to max). */
export function qualityVsComputeFigure(model: ReportModel): PlotSpec {
  const curves = configCurves(model.primary);
  const sizes = distinct(curves.map((c) => c.size));
  const series: PlotSeries[] = [];
  for (const o of OBJECTIVES) {
    const mine = curves.filter((c) => c.objective === o);
    const codecs = distinct(mine.map((c) => c.codec));
    for (const c of mine.sort((a, b) => a.size.localeCompare(b.size) || a.codec.localeCompare(b.codec)))
      series.push({
        name: `${o} ${c.size} ${c.codec}`,
        color: OBJECTIVE_COLORS[o],
        marker: sizeMarker(sizes.indexOf(c.size)),
        line: codecDash(codecs.indexOf(c.codec)),
        points: c.cells.map((x) => ({ x: x.budgetFlops, y: x.fd.mean, yLow: x.fd.min, yHigh: x.fd.max })),
      });
  }
  const references: ReferenceLine[] = model.baseline
    ? [
        {
          name: `real vs real (N = ${model.baseline.n})`,
          color: REFERENCE_COLORS.baseline,
          y: model.baseline.fd.value,
        },
      ]
    : [];
  return {
    id: 'quality-vs-compute',
    title: 'Image quality vs training compute',
    caption:
      'Mean FD over seeds (bars: min to max) of every objective, backbone size (marker) and codec (dash) at each ' +
      'training budget; EMA weights where evaluated. Lower is better; the grey line is the FD between two real sets.',
    x: TRAINING_COMPUTE_AXIS,
    y: FD_AXIS,
    series,
    references,
  };
}
