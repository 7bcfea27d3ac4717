/**
 * `PlanPricing` from the registries: every number comes from a component's own ledger pricing (codec
 * manifests and conv-net formulas, the objectives' transformer shapes, the samplers' `estimateCost` on a
 * pricing-only model view), so the plan's FLOPs are the ledger's.
 */
import type { FlopCount, LatentCodec } from '@flopmatch/core';
import type {
  CodecPricing,
  PlanPricing,
  ResolvedSize,
  RunShape,
  TrainingRunPricing,
} from '../plan/plan-pricing.js';
import type { SizeEntry, Sweep } from '../sweep/sweep-schema.js';
import type { ComponentRegistries, ObjectiveSetup } from './components.js';

/** FLOPs a training run executes and charges per milestone, given the FLOPs of one optimiser step. */
export type TrainingPlanner = (options: {
  stepFlops: FlopCount;
  budgets: number[];
  cooldownFraction: number;
  warmupSteps: number;
}) => { total: FlopCount; milestones: { budgetFlops: number; charged: FlopCount }[] };

/** The objective setup of a run shape. */
export function objectiveSetup(run: RunShape, sweep: Sweep): ObjectiveSetup {
  const c = run.codecPricing;
  return {
    size: run.size,
    latentShape: c.latentShape,
    ...(c.codebookSize !== undefined ? { codebookSize: c.codebookSize } : {}),
    promptLength: sweep.dataset.promptLength,
    promptVocab: sweep.dataset.promptVocab,
    options: run.objective.options,
    conditioningDropout: sweep.training.conditioningDropout,
  };
}

/** A codec view that only answers pricing questions (what `sampler.estimateCost` reads). */
export function pricingCodec(
  id: string,
  pricing: CodecPricing,
  imageShape: LatentCodec['imageShape'],
): LatentCodec {
  const base = {
    specVersion: 'v1' as const,
    id,
    imageShape,
    latentShape: pricing.latentShape,
    downsampleFactor: pricing.downsampleFactor,
    bitsPerPosition: pricing.bitsPerPosition,
    flops: { encodePerImage: pricing.encodePerImage, decodePerImage: pricing.decodePerImage },
    config: { type: 'pricing-view' },
  };
  const refuse = () => {
    throw new Error(`codec '${id}' here is a pricing-only view; load the codec to run it`);
  };
  return pricing.latentKind === 'discrete'
    ? { ...base, kind: 'discrete', codebookSize: pricing.codebookSize ?? 0, encode: refuse, decode: refuse }
    : { ...base, kind: 'continuous', scaleFactor: 1, encode: refuse, decode: refuse };
}

/** Prices plans with `registries`; `planTraining` prices a run's milestones (the trainer's plan). */
export function registryPricing(registries: ComponentRegistries, planTraining: TrainingPlanner): PlanPricing {
  const objectiveOf = (run: RunShape) =>
    registries.objectives.get(run.objective.id ?? `objective:${run.objective.name}`);
  return {
    size(entry: SizeEntry): ResolvedSize {
      return typeof entry === 'string' ? { name: entry, ...registries.sizes.get(entry) } : { ...entry };
    },
    codec(entry, sweep): CodecPricing {
      const priced = registries.codecs.get(entry.id).price(entry.preset, entry.options, sweep.dataset);
      return priced.committed ? priced : { ...priced, trainFlops: entry.trainFlops ?? priced.trainFlops };
    },
    evalNets(sweep) {
      return registries.evalNets
        .get(sweep.evaluation.networks.id)
        .price(sweep.evaluation.networks.preset, sweep.dataset);
    },
    trainingRun(run, sweep, budgets): TrainingRunPricing {
      const priced = objectiveOf(run).price(objectiveSetup(run, sweep));
      const b = sweep.training.batchSize;
      const stepFlops = {
        model: priced.trainingFlopsPerExample.model * b,
        executed: priced.trainingFlopsPerExample.executed * b,
      };
      const plan = planTraining({
        stepFlops,
        budgets,
        cooldownFraction: sweep.training.cooldownFraction,
        warmupSteps: sweep.training.warmupSteps,
      });
      return { params: priced.params, flopsPerExample: priced.trainingFlopsPerExample, ...plan };
    },
    sampling(run, sweep, choice, cfgScale) {
      const model = objectiveOf(run).price(objectiveSetup(run, sweep)).pricingModel;
      const sampler = registries.samplers.get(choice.sampler)(choice.options);
      const { latentShape: l, downsampleFactor: f } = run.codecPricing;
      const codec = pricingCodec(run.codec.name, run.codecPricing, {
        height: l.height * f,
        width: l.width * f,
        channels: 3,
      });
      const cost = sampler.estimateCost({ model, codec, n: 1, cfgScale });
      return {
        perImage: cost.flops.perImage,
        nfe: cost.nfe,
        sequentialEvals: cost.sequentialEvals,
        cfgPasses: cost.cfgPasses,
      };
    },
  };
}
