/**
 * The `inference` unit: the inference sweep of one trained model — each sampler setting (flow steps,
 * MaskGIT iterations, next-token temperature / top-k) and each CFG scale — measured for quality at N,
 * priced in FLOPs per image by the ledger, timed for latency at batch 1 (median of the repeats) and for
 * throughput at a large batch.
 */

import { unitDir } from '../run/run-unit.js';
import type { SamplerChoice } from '../sweep/sweep-schema.js';
import {
  baselineAt,
  type EvalUnitConfig,
  evalNetLocations,
  evalNetsSettings,
  recordOptions,
} from './eval-unit.js';
import {
  generate,
  measureQuality,
  protocolAt,
  protocolPrompts,
  readRealFeatures,
} from './evaluation-support.js';
import { loadTrainedModel } from './trained-model.js';
import { dependency, type UnitHandler } from './unit-handler.js';
import { evaluationImages, unitRegistries } from './unit-support.js';

/** What the plan puts in an inference unit's config. */
export interface InferenceUnitConfig extends Omit<EvalUnitConfig, 'sampler' | 'cfgScale' | 'evaluation'> {
  points: { choice: SamplerChoice; cfgScale: number }[];
  evaluation: {
    n: number;
    batchSize: number;
    throughputBatch: number;
    latencyRepeats: number;
    promptSplit: string;
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Runs `inference` units. */
export const inferenceUnit: UnitHandler<'inference'> = {
  kind: 'inference',
  async run(ctx) {
    const config = ctx.unit.config as unknown as InferenceUnitConfig;
    const r = await unitRegistries(config.plugins);
    const train = dependency(ctx, 'train');
    const evalNets = dependency(ctx, 'eval-nets');
    const codecRecord = dependency(ctx, 'codec');
    const trained = await loadTrainedModel({
      runDir: ctx.runDir,
      registries: r,
      config,
      train,
      codec: codecRecord,
      milestone: config.milestone,
      weights: config.weights,
    });
    const networks = evalNetsSettings(evalNets);
    const nets = await r.evalNets.get(networks.id).load(evalNetLocations(ctx.runDir, evalNets));
    try {
      const { n, batchSize, throughputBatch, latencyRepeats, promptSplit } = config.evaluation;
      const protocol = protocolAt(n, promptSplit);
      const { prompts, seeds, meta } = protocolPrompts(
        evaluationImages(config.dataset, promptSplit, r),
        protocol,
      );
      const real = await readRealFeatures(unitDir(ctx.runDir, evalNets.unit), n);
      const pricing = r.evalNets.get(networks.id).price(networks.preset, config.dataset, networks.options);
      const model = trained.objective.model();
      const points = [];
      let model_ = 0;
      let executed = 0;
      for (const [i, point] of config.points.entries()) {
        const sampler = r.samplers.get(point.choice.sampler)(point.choice.options);
        const run = (count: number, offset = 0) =>
          generate({
            sampler,
            model,
            codec: trained.codec,
            prompts: prompts.slice(offset, offset + count),
            seeds: seeds.slice(offset, offset + count),
            cfgScale: point.cfgScale,
            batchSize: count,
            signal: ctx.signal,
          });
        const quality = await generate({
          sampler,
          model,
          codec: trained.codec,
          prompts,
          seeds,
          cfgScale: point.cfgScale,
          batchSize,
          signal: ctx.signal,
        });
        const latencies: number[] = [];
        for (let k = 0; k < latencyRepeats; k++) latencies.push((await run(1, k % n)).wallMs);
        const throughput = await run(Math.min(throughputBatch, n));
        const perImage = quality.costPerImage.flops.perImage;
        const images = n + latencyRepeats + Math.min(throughputBatch, n);
        model_ += images * perImage.model + n * (pricing.featureFlopsPerImage + pricing.clipFlopsPerImage);
        executed +=
          images * perImage.executed + n * (pricing.featureFlopsPerImage + pricing.clipFlopsPerImage);
        points.push({
          sampler: { id: sampler.id, options: recordOptions(point.choice.options), cfgScale: point.cfgScale },
          n,
          quality: measureQuality({ nets, protocol, real, images: quality.images, prompts, meta }),
          cost: {
            flopsPerImage: perImage,
            nfe: quality.costPerImage.nfe,
            sequentialEvals: quality.costPerImage.sequentialEvals,
            cfgPasses: quality.costPerImage.cfgPasses,
          },
          latencyMsBatch1: median(latencies),
          throughputImagesPerSecond: throughput.images.n / (throughput.wallMs / 1000),
          throughputBatch: throughput.images.n,
        });
        ctx.progress({ fraction: (i + 1) / config.points.length, flops: model_ });
      }
      return {
        seeds: { sample: protocol.seed, train: config.seed },
        flops: { model: model_, executed },
        evalNetHash: evalNets.result.extractor.hash,
        codecHash: codecRecord.result.hash,
        result: {
          train: train.unit,
          objective: config.objective.name,
          size: config.size.name,
          codec: config.codec,
          seed: config.seed,
          milestone: train.result.milestones[config.milestone]!,
          weights: config.weights,
          points,
          baseline: baselineAt(evalNets, n),
        },
      };
    } finally {
      trained.dispose();
      nets.dispose();
    }
  },
};
