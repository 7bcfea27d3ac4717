/**
 * What the `eval` and `inference` units (and `flopmatch eval`) open before they sample: the trained model
 * at one milestone with its codec, the evaluation networks the run's eval-nets unit saved, and the
 * records they came from — plus the fields both units' results share (which model, which baseline).
 */
import type { ResolvedSize } from '../plan/plan-pricing.js';
import type { ComponentRegistries, EvalNetworks } from '../registries/components.js';
import type { UnitRecordOf } from '../store/schema.js';
import type { ObjectiveEntry, Sweep } from '../sweep/sweep-schema.js';
import type { Quality } from './evaluation-support.js';
import { loadTrainedModel, type TrainedModel } from './trained-model.js';
import { dependency, type UnitContext } from './unit-handler.js';
import { fromRun, unitRegistries } from './unit-support.js';

/** The part of an eval or inference unit's config that names the model evaluated. */
export interface EvaluatedModelConfig {
  plugins: string[];
  dataset: Sweep['dataset'];
  objective: ObjectiveEntry;
  size: ResolvedSize;
  codec: string;
  seed: number;
  milestone: number;
  budgetFlops: number;
  weights: 'raw' | 'ema';
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

/** Where the evaluation networks an eval-nets record names lie, with their hashes. */
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

/**
 * Loads the evaluation networks of an eval-nets record, with the FLOPs they spend per image evaluated
 * (feature extraction + CLIP-like embedding, from the component's ledger pricing).
 */
export async function loadEvalNets(
  registries: ComponentRegistries,
  runDir: string,
  record: UnitRecordOf<'eval-nets'>,
  dataset: Sweep['dataset'],
): Promise<{ nets: EvalNetworks; extractFlopsPerImage: number }> {
  const networks = evalNetsSettings(record);
  const component = registries.evalNets.get(networks.id);
  const pricing = component.price(networks.preset, dataset, networks.options);
  const nets = await component.load(evalNetLocations(runDir, record));
  return { nets, extractFlopsPerImage: pricing.featureFlopsPerImage + pricing.clipFlopsPerImage };
}

/** Sampler options as plain JSON for the record. */
export function recordOptions(
  options: Record<string, unknown>,
): Record<string, number | string | boolean | null> {
  return JSON.parse(JSON.stringify(options)) as Record<string, number | string | boolean | null>;
}

/** What `openEvaluation` returns; `dispose` frees the model, codec and networks. */
export interface EvaluationSetup {
  registries: ComponentRegistries;
  train: UnitRecordOf<'train'>;
  evalNets: UnitRecordOf<'eval-nets'>;
  codec: UnitRecordOf<'codec'>;
  trained: TrainedModel;
  nets: EvalNetworks;
  /** Evaluation-network FLOPs per image evaluated. */
  extractFlopsPerImage: number;
  dispose(): void;
}

/** Opens the trained model, codec and evaluation networks an eval or inference unit's dependencies name. */
export async function openEvaluation(
  ctx: Pick<UnitContext, 'unit' | 'dependencies' | 'runDir'>,
  config: EvaluatedModelConfig,
): Promise<EvaluationSetup> {
  const registries = await unitRegistries(config.plugins);
  const train = dependency(ctx, 'train');
  const evalNets = dependency(ctx, 'eval-nets');
  const codec = dependency(ctx, 'codec');
  const trained = await loadTrainedModel({
    runDir: ctx.runDir,
    registries,
    config,
    train,
    codec,
    milestone: config.milestone,
    weights: config.weights,
  });
  try {
    const { nets, extractFlopsPerImage } = await loadEvalNets(
      registries,
      ctx.runDir,
      evalNets,
      config.dataset,
    );
    return {
      registries,
      train,
      evalNets,
      codec,
      trained,
      nets,
      extractFlopsPerImage,
      dispose() {
        trained.dispose();
        nets.dispose();
      },
    };
  } catch (error) {
    trained.dispose();
    throw error;
  }
}

/** The fields every eval and inference result starts with: which trained model, at which milestone. */
export function evaluatedModel(config: EvaluatedModelConfig, train: UnitRecordOf<'train'>) {
  return {
    train: train.unit,
    objective: config.objective.name,
    size: config.size.name,
    codec: config.codec,
    seed: config.seed,
    milestone: train.result.milestones[config.milestone]!,
    weights: config.weights,
  };
}
