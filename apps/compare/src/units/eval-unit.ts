/**
 * The `eval` unit: one milestone of one training run, raw or EMA weights, sampled at the objective's
 * default settings for the protocol's N prompts; FD, KID, precision/recall against real set A, the prompt
 * checker's accuracy (read against the codec's reconstruction ceiling) and the CLIP-like score, each
 * beside the real-vs-real baseline at the same N; the exact inference cost per image; a sample grid with
 * its prompts sidecar (`store/sample-grid.ts`).
 */
import { join } from 'node:path';
import { unitDir } from '../run/run-unit.js';
import { writeSampleGrid } from '../store/sample-grid.js';
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
  hostImageList,
  measureQuality,
  protocolAt,
  protocolPrompts,
  readRealFeatures,
} from './evaluation-support.js';
import type { UnitHandler } from './unit-handler.js';
import { evaluationImages, runRelative } from './unit-support.js';

/** What the plan puts in an eval unit's config. */
export interface EvalUnitConfig extends EvaluatedModelConfig {
  sampler: SamplerChoice;
  cfgScale: number;
  evaluation: { n: number; batchSize: number; promptSplit: string; gridSize: number };
}

/** Runs `eval` units. */
export const evalUnit: UnitHandler<'eval'> = {
  kind: 'eval',
  async run(ctx) {
    const config = ctx.unit.config as unknown as EvalUnitConfig;
    const setup = await openEvaluation(ctx, config);
    const { registries: r, train, evalNets, trained, nets } = setup;
    try {
      const { n, batchSize, promptSplit, gridSize } = config.evaluation;
      const protocol = protocolAt(n, promptSplit);
      const { prompts, seeds, meta } = protocolPrompts(
        evaluationImages(config.dataset, promptSplit, r),
        protocol,
      );
      const sampler = r.samplers.get(config.sampler.sampler)(config.sampler.options);
      const generated = await generate({
        sampler,
        model: trained.objective.model(),
        codec: trained.codec,
        prompts,
        seeds,
        cfgScale: config.cfgScale,
        batchSize,
        signal: ctx.signal,
        onBatch: (done) => ctx.progress({ fraction: (0.9 * done) / n }),
      });
      const shown = Math.min(gridSize, n);
      const grid = join(ctx.dir, 'grid.png');
      await writeSampleGrid(grid, hostImageList(generated.images, shown), prompts.slice(0, shown));
      const real = await readRealFeatures(unitDir(ctx.runDir, evalNets.unit), n);
      const quality = measureQuality({ nets, protocol, real, images: generated.images, prompts, meta });
      const cost = generated.costPerImage;
      const extract = n * setup.extractFlopsPerImage;
      const ceiling = setup.codec.result.reconstruction.promptAccuracy;
      return {
        seeds: { sample: protocol.seed, train: config.seed },
        flops: {
          model: n * cost.flops.perImage.model + extract,
          executed: n * cost.flops.perImage.executed + extract,
        },
        evalNetHash: evalNets.result.extractor.hash,
        codecHash: setup.codec.result.hash,
        result: {
          ...evaluatedModel(config, train),
          sampler: {
            id: sampler.id,
            options: recordOptions(config.sampler.options),
            cfgScale: config.cfgScale,
          },
          n,
          quality,
          ...(ceiling ? { promptCeiling: ceiling } : {}),
          baseline: baselineAt(evalNets, n),
          cost: {
            flopsPerImage: cost.flops.perImage,
            nfe: cost.nfe,
            sequentialEvals: cost.sequentialEvals,
            cfgPasses: cost.cfgPasses,
          },
          grid: runRelative(ctx.runDir, grid),
        },
      };
    } finally {
      setup.dispose();
    }
  },
};
