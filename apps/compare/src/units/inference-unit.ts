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
  type EvaluatedModelConfig,
  evaluatedModel,
  openEvaluation,
  recordOptions,
} from './evaluation-setup.js';
import {
  generate,
  measureQuality,
  protocolAt,
  protocolPrompts,
  readRealFeatures,
} from './evaluation-support.js';
import type { UnitHandler } from './unit-handler.js';
import { evaluationImages } from './unit-support.js';

/** What the plan puts in an inference unit's config. */
export interface InferenceUnitConfig extends EvaluatedModelConfig {
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
    const setup = await openEvaluation(ctx, config);
    const { registries: r, train, evalNets, trained, nets } = setup;
    try {
      const { n, batchSize, throughputBatch, latencyRepeats, promptSplit } = config.evaluation;
      const protocol = protocolAt(n, promptSplit);
      const { prompts, seeds, meta } = protocolPrompts(
        evaluationImages(config.dataset, promptSplit, r),
        protocol,
      );
      const real = await readRealFeatures(unitDir(ctx.runDir, evalNets.unit), n);
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
        model_ += images * perImage.model + n * setup.extractFlopsPerImage;
        executed += images * perImage.executed + n * setup.extractFlopsPerImage;
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
        codecHash: setup.codec.result.hash,
        result: {
          ...evaluatedModel(config, train),
          points,
          baseline: baselineAt(evalNets, n),
        },
      };
    } finally {
      setup.dispose();
    }
  },
};
