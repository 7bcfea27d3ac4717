/**
 * Figures of inference cost against quality: FLOPs per image, latency at batch 1 and throughput at a large
 * batch, each with the Pareto frontier of every objective's sampler settings.
 */

import type { ObjectiveName } from '../../store/schema.js';
import { chooseInferenceRuns } from '../findings/findings-input.js';
import { paretoFrontier } from '../findings/pareto-frontier.js';
import { OBJECTIVE_COLORS, OBJECTIVE_LABELS, OBJECTIVES, REFERENCE_COLORS } from '../objective-style.js';
import type { AxisSpec, PlotSeries, PlotSpec, ReferenceLine } from '../plot/svg-plot.js';
import { groupBy, summarize } from '../report-data.js';
import type { ReportModel } from '../report-model.js';
import { FD_AXIS } from './series-style.js';

/** One sampler setting of an objective, averaged over seeds. */
export interface SettingSummary {
  objective: ObjectiveName;
  /** `sampler:euler steps=16 cfg=2`. */
  label: string;
  flops: number;
  fd: { mean: number; min: number; max: number };
  latencyMs: number;
  throughput: number;
  throughputBatch: number;
  /** Model the setting was measured on (`d128-l6 vq-k1024`). */
  config: string;
}

function settingLabel(s: { id: string; options: Record<string, unknown>; cfgScale: number }): string {
  const opts = Object.entries(s.options)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  return [s.id, ...opts, `cfg=${s.cfgScale}`].join(' ');
}

/** Per objective, every sampler setting of its chosen inference sweeps, averaged over seeds. */
export function inferenceSettings(model: ReportModel): SettingSummary[] {
  return OBJECTIVES.flatMap((o) => {
    const runs = chooseInferenceRuns(model.records, o);
    const points = runs.flatMap((r) => r.points.map((p) => ({ ...p, config: `${r.size} ${r.codec}` })));
    return [...groupBy(points, (p) => settingLabel(p.sampler)).entries()].map(([label, list]) => {
      const fd = summarize(list.map((p) => p.quality.fd.value));
      return {
        objective: o,
        label,
        flops: summarize(list.map((p) => p.cost.flopsPerImage.model)).mean,
        fd,
        latencyMs: summarize(list.map((p) => p.latencyMsBatch1)).mean,
        throughput: summarize(list.map((p) => p.throughputImagesPerSecond)).mean,
        throughputBatch: list[0]!.throughputBatch,
        config: list[0]!.config,
      };
    });
  });
}

function paretoPlot(
  model: ReportModel,
  settings: SettingSummary[],
  id: string,
  title: string,
  caption: string,
  x: AxisSpec,
  xOf: (s: SettingSummary) => number,
  direction: 'min' | 'max',
): PlotSpec {
  const series: PlotSeries[] = [];
  for (const o of OBJECTIVES) {
    const mine = settings.filter((s) => s.objective === o);
    if (mine.length === 0) continue;
    const pts = mine.map((s) => ({ x: xOf(s), y: s.fd.mean, yLow: s.fd.min, yHigh: s.fd.max }));
    series.push({
      name: `${OBJECTIVE_LABELS[o]} (${mine[0]!.config})`,
      color: OBJECTIVE_COLORS[o],
      line: 'none',
      points: pts,
    });
    series.push({
      name: `${o} Pareto frontier`,
      color: OBJECTIVE_COLORS[o],
      marker: 'none',
      points: paretoFrontier(pts, direction).map((p) => ({ x: p.x, y: p.y })),
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
  return { id, title, caption, x, y: FD_AXIS, series, references };
}

/** The three inference plots: FLOPs, latency at batch 1, throughput at large batch, each against FD. */
export function inferenceFigures(model: ReportModel): PlotSpec[] {
  const settings = inferenceSettings(model);
  const batch = settings[0]?.throughputBatch ?? 0;
  return [
    paretoPlot(
      model,
      settings,
      'inference-flops',
      'Inference compute vs quality',
      'Each point is one sampler setting (steps, iterations, guidance) of each objective’s best trained model, ' +
        'FD averaged over seeds; the line joins its Pareto-optimal settings. Down and left is better.',
      { label: 'inference compute per image', unit: 'FLOPs', scale: 'log' },
      (s) => s.flops,
      'min',
    ),
    paretoPlot(
      model,
      settings,
      'inference-latency',
      'Latency at batch 1 vs quality',
      'Median milliseconds to generate one image alone (sequential steps dominate). Down and left is better.',
      { label: 'latency at batch 1', unit: 'ms per image', scale: 'log' },
      (s) => s.latencyMs,
      'min',
    ),
    paretoPlot(
      model,
      settings,
      'inference-throughput',
      `Throughput at batch ${batch} vs quality`,
      'Images per second when generating in large batches (total FLOPs dominate). Down and right is better.',
      { label: `throughput at batch ${batch}`, unit: 'images/s', scale: 'log' },
      (s) => s.throughput,
      'max',
    ),
  ];
}
