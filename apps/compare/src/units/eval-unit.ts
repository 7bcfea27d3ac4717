/**
 * The `eval` unit: one milestone of one training run, raw or EMA weights, sampled at the objective's
 * default settings for the protocol's N prompts; FD, KID, precision/recall against real set A, the prompt
 * checker's accuracy (read against the codec's reconstruction ceiling) and the CLIP-like score, each
 * beside the real-vs-real baseline at the same N; the exact inference cost per image; a sample grid with
 * its prompts sidecar (`store/sample-grid.ts`).
 */
import { join } from 'node:path';
import type { ResolvedSize } from '../plan/plan-pricing.js';
import { unitDir } from '../run/run-unit.js';
import { writeSampleGrid } from '../store/sample-grid.js';
import type { UnitRecordOf } from '../store/schema.js';
import type { ObjectiveEntry, SamplerChoice, Sweep } from '../sweep/sweep-schema.js';
import {
  generate,
  hostImageList,
  measureQuality,
  protocolAt,
  protocolPrompts,
  type Quality,
  readRealFeatures,
} from './evaluation-support.js';
import { loadTrainedModel } from './trained-model.js';
import { dependency, type UnitHandler } from './unit-handler.js';
import { evaluationImages, fromRun, runRelative, unitRegistries } from './unit-support.js';

/** What the plan puts in an eval unit's config. */
export interface EvalUnitConfig {
  plugins: string[];
  dataset: Sweep['dataset'];
  objective: ObjectiveEntry;
  size: ResolvedSize;
  codec: string;
  seed: number;
  milestone: number;
  budgetFlops: number;
  weights: 'raw' | 'ema';
  sampler: SamplerChoice;
  cfgScale: number;
  evaluation: { n: number; batchSize: number; promptSplit: string; gridSize: number };
}

/** The real-vs-real baseline at N from the eval-nets record. */
export function baselineAt(record: UnitRecordOf<'eval-nets'>, n: number): Quality {
  const b = record.result.realBaseline.find((x) => x.n === n);
  if (!b)
    throw new Error(
      `${record.unit} has no real-vs-real baseline at N = ${n} (it has ${record.result.realBaseline.map((x) => x.n).join(', ')})`,
    );
  const { n: _n, ...quality } = b;
  return quality;
}

/** Loads the evaluation networks an eval-nets record names. */
export function evalNetLocations(runDir: string, record: UnitRecordOf<'eval-nets'>) {
  const loc = (x: { id: string; path: string; hash: string }) => ({
    id: x.id,
    dir: fromRun(runDir, x.path),
    hash: x.hash,
  });
  return {
    features: loc(record.result.extractor),
    ...(record.result.clip ? { clip: loc(record.result.clip) } : {}),
  };
}

/** The evaluation-network component id and preset an eval-nets unit ran with. */
export function evalNetsSettings(record: UnitRecordOf<'eval-nets'>): Sweep['evaluation']['networks'] {
  return (record.manifest.config as { networks: Sweep['evaluation']['networks'] }).networks;
}

/** Sampler options as plain JSON for the record. */
export function recordOptions(
  options: Record<string, unknown>,
): Record<string, number | string | boolean | null> {
  return JSON.parse(JSON.stringify(options)) as Record<string, number | string | boolean | null>;
}

/** Runs `eval` units. */
export const evalUnit: UnitHandler<'eval'> = {
  kind: 'eval',
  async run(ctx) {
    const config = ctx.unit.config as unknown as EvalUnitConfig;
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
      const pricing = r.evalNets.get(networks.id).price(networks.preset, config.dataset, networks.options);
      const extract = n * (pricing.featureFlopsPerImage + pricing.clipFlopsPerImage);
      const ceiling = codecRecord.result.reconstruction.promptAccuracy;
      return {
        seeds: { sample: protocol.seed, train: config.seed },
        flops: {
          model: n * cost.flops.perImage.model + extract,
          executed: n * cost.flops.perImage.executed + extract,
        },
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
      trained.dispose();
      nets.dispose();
    }
  },
};
