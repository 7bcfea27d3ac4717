/** Figure: prompt-following score against training FLOPs, with each codec's reconstruction ceiling. */
import { OBJECTIVE_COLORS, OBJECTIVE_LABELS, OBJECTIVES, REFERENCE_COLORS } from '../objective-style.js';
import type { LineStyle, PlotSeries, PlotSpec, ReferenceLine } from '../plot/svg-plot.js';
import { summarize } from '../report-data.js';
import type { ReportModel } from '../report-model.js';
import { TRAINING_COMPUTE_AXIS } from './series-style.js';

/** Prompt accuracy of each objective's compute-optimal configuration at every budget. */
export function promptVsComputeFigure(model: ReportModel): PlotSpec {
  const series: PlotSeries[] = [];
  const used = new Set<string>();
  for (const o of OBJECTIVES) {
    const points = (model.frontier.get(o) ?? []).flatMap((cell) => {
      const scores = cell.evals.flatMap((e) =>
        e.quality.promptAccuracy ? [e.quality.promptAccuracy.value] : [],
      );
      if (scores.length === 0) return [];
      used.add(cell.codec);
      const s = summarize(scores);
      return [{ x: cell.budgetFlops, y: s.mean, yLow: s.min, yHigh: s.max }];
    });
    series.push({ name: OBJECTIVE_LABELS[o], color: OBJECTIVE_COLORS[o], points });
  }
  const dashes: LineStyle[] = ['dashed', 'dotted'];
  const references: ReferenceLine[] = [...used].sort().flatMap((name, i) => {
    const ceiling = model.codecs.get(name)?.reconstruction.promptAccuracy;
    return ceiling
      ? [
          {
            name: `ceiling: ${name} reconstructions (${ceiling.value.toFixed(2)})`,
            color: REFERENCE_COLORS.ceiling,
            y: ceiling.value,
            line: dashes[i % 2]!,
          },
        ]
      : [];
  });
  const real = model.baseline?.promptAccuracy;
  if (real)
    references.push({
      name: `real images (${real.value.toFixed(2)})`,
      color: REFERENCE_COLORS.baseline,
      y: real.value,
      line: 'solid',
    });
  return {
    id: 'prompt-vs-compute',
    title: 'Prompt following vs training compute',
    caption:
      'Fraction of prompts the exact checker accepts, for each objective’s compute-optimal size and codec ' +
      '(mean over seeds, bars min to max). Pink lines: the same checker on each codec’s reconstructions — ' +
      'the most a generator on that codec can reach. Higher is better.',
    x: TRAINING_COMPUTE_AXIS,
    y: { label: 'prompt accuracy', unit: 'fraction of prompts', include: [0, 1] },
    series,
    references,
  };
}
