/** Figure: autoencoder reconstruction quality against the quality of generators trained on it. */
import { codecBoundInput } from '../findings/findings-input.js';
import { OBJECTIVE_COLORS, OBJECTIVE_LABELS, OBJECTIVES, REFERENCE_COLORS } from '../objective-style.js';
import type { PlotSeries, PlotSpec } from '../plot/svg-plot.js';
import { summarize } from '../report-data.js';
import type { ReportModel } from '../report-model.js';

/** Generator FD against its codec's reconstruction FD (or PSNR when FD is missing), per objective. */
export function codecVsGeneratorFigure(model: ReportModel): PlotSpec {
  const input = codecBoundInput(model.records);
  const all = Object.values(input.codecs).flat();
  const byFd = all.length > 0 && all.every((c) => c.reconstructionFd !== undefined);
  const xOf = (c: (typeof all)[number]) => (byFd ? c.reconstructionFd! : c.psnr);
  const series: PlotSeries[] = [];
  for (const o of OBJECTIVES) {
    const codecs = input.codecs[o];
    if (!codecs?.length) continue;
    series.push({
      name: OBJECTIVE_LABELS[o],
      color: OBJECTIVE_COLORS[o],
      points: [...codecs]
        .sort((a, b) => xOf(a) - xOf(b))
        .map((c) => {
          const s = summarize(c.generatorFd);
          return { x: xOf(c), y: s.mean, yLow: s.min, yHigh: s.max, label: c.codec };
        }),
    });
  }
  if (byFd && all.length > 0) {
    const hi = Math.max(...all.map((c) => c.reconstructionFd!));
    series.push({
      name: 'generator = reconstruction (the bound)',
      color: REFERENCE_COLORS.baseline,
      line: 'dashed',
      marker: 'none',
      points: [
        { x: 0, y: 0 },
        { x: hi * 1.1, y: hi * 1.1 },
      ],
    });
  }
  return {
    id: 'codec-vs-generator',
    title: 'Autoencoder quality vs generator quality',
    caption:
      `Generator FD (mean over seeds, bars min to max) against its codec’s reconstruction ${byFd ? 'FD' : 'PSNR'}, ` +
      `at ${input.context}. ${byFd ? 'No generator should fall below the dashed line: a codec bounds what can be generated on it.' : 'Reconstruction FD was not recorded, so codecs are placed by PSNR.'}`,
    x: byFd
      ? { label: 'codec reconstruction FD', unit: 'FD' }
      : { label: 'codec reconstruction PSNR', unit: 'dB' },
    y: { label: 'generator Fréchet distance', unit: 'FD', include: [0] },
    series,
  };
}
