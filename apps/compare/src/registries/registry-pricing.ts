/**
 * `PlanPricing` from the registries: every number comes from a component's own ledger pricing (codec
 * manifests and conv-net formulas, the objectives' transformer shapes, the samplers' `estimateCost` on a
 * pricing-only model view), so the plan's FLOPs are the ledger's.
 */
import type { FlopCount, LatentCodec, PromptTokenizer } from '@flopmatch/core';
import type {
  CodecPricing,
  PlanPricing,
  ResolvedSize,
  RunShape,
  TrainingRunPricing,
} from '../plan/plan-pricing.js';
import type { SizeEntry, Sweep } from '../sweep/sweep-schema.js';
import type { CodecDataContext, ComponentRegistries, ObjectiveSetup } from './components.js';
import { promptTokenizer } from './prompt-tokenizer.js';

/** FLOPs a training run executes and charges per milestone, given the FLOPs of one optimiser step. */
export type TrainingPlanner = (options: {
  stepFlops: FlopCount;
  budgets: number[];
  cooldownFraction: number;
  warmupSteps: number;
}) => { total: FlopCount; milestones: { budgetFlops: number; charged: FlopCount }[] };

const imageShapes = new Map<string, CodecDataContext['imageShape']>();

/** The data context codecs are priced and built for (the dataset's image shape, computed once per config). */
export function codecData(registries: ComponentRegistries, sweep: Sweep): CodecDataContext {
  const key = JSON.stringify([sweep.dataset.id, sweep.dataset.options]);
  let imageShape = imageShapes.get(key);
  if (!imageShape) {
    imageShape = {
      ...registries.datasets.get(sweep.dataset.id).create({ ...sweep.dataset.options }).imageShape,
    };
    imageShapes.set(key, imageShape);
  }
  return { dataset: sweep.dataset, imageShape };
}

/** The objective setup of a run shape. */
export function objectiveSetup(run: RunShape, sweep: Sweep, tokenizer: PromptTokenizer): ObjectiveSetup {
  const c = run.codecPricing;
  return {
    size: run.size,
    latentShape: c.latentShape,
    ...(c.codebookSize !== undefined ? { codebookSize: c.codebookSize } : {}),
    promptLength: sweep.dataset.promptLength,
    tokenizer,
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

/**
 * Prices plans with `registries`; `planTraining` prices a run's milestones (the trainer's plan) and
 * `tokenizer` gives the sweep's prompt tokenizer (default: trained on its captions).
 */
export function registryPricing(
  registries: ComponentRegistries,
  planTraining: TrainingPlanner,
  tokenizer: (dataset: Sweep['dataset']) => PromptTokenizer = (d) => promptTokenizer(d, registries),
): PlanPricing {
  const objectiveOf = (run: RunShape) =>
    registries.objectives.get(run.objective.id ?? `objective:${run.objective.name}`);
  // Building an objective to price it allocates its weights: price each run shape once.
  const priced = new Map<string, ReturnType<ReturnType<typeof objectiveOf>['price']>>();
  const price = (run: RunShape, sweep: Sweep) => {
    const key = JSON.stringify([
      run.objective,
      run.size,
      run.codecPricing,
      sweep.dataset,
      sweep.training.conditioningDropout,
    ]);
    let hit = priced.get(key);
    if (!hit) {
      hit = objectiveOf(run).price(objectiveSetup(run, sweep, tokenizer(sweep.dataset)));
      priced.set(key, hit);
    }
    return hit;
  };
  return {
    size(entry: SizeEntry): ResolvedSize {
      return typeof entry === 'string' ? { name: entry, ...registries.sizes.get(entry) } : { ...entry };
    },
    codec(entry, sweep): CodecPricing {
      return registries.codecs.get(entry.id).price(entry.preset, entry.options, codecData(registries, sweep));
    },
    evalNets(sweep) {
      return registries.evalNets
        .get(sweep.evaluation.networks.id)
        .price(sweep.evaluation.networks.preset, sweep.dataset, sweep.evaluation.networks.options);
    },
    trainingRun(run, sweep, budgets): TrainingRunPricing {
      const p = price(run, sweep);
      const b = sweep.training.batchSize;
      const stepFlops = {
        model: p.trainingFlopsPerExample.model * b,
        executed: p.trainingFlopsPerExample.executed * b,
      };
      const plan = planTraining({
        stepFlops,
        budgets,
        cooldownFraction: sweep.training.cooldownFraction,
        warmupSteps: sweep.training.warmupSteps,
      });
      return { params: p.params, flopsPerExample: p.trainingFlopsPerExample, ...plan };
    },
    sampling(run, sweep, choice, cfgScale) {
      const model = price(run, sweep).pricingModel;
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
