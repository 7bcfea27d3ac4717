/**
 * The app's component families, one registry each (core's `createRegistry`): datasets, codecs, objectives,
 * samplers, distribution metrics, evaluation networks and backbone sizes. A sweep names components by id;
 * a plugin module adds its own (`export function register(r) { return { ...r, samplers: r.samplers.with({ … }) } }`).
 *
 * Each entry wraps a package's public API: how to price it for a plan (ledger FLOPs, without weights) and
 * how to build it inside a unit. Entries for families whose packages are not installed are absent, and a
 * sweep naming them fails validation with the ids that exist.
 */
import type {
  Dataset,
  DistributionMetric,
  FlopCount,
  GenerativeModel,
  LatentCodec,
  Objective,
  PromptTokenizer,
  Registry,
  Sampler,
} from '@flopmatch/core';
import type { ClipNetwork, FeatureNetwork } from '@flopmatch/metrics';
import type { z } from 'zod';
import type { CodecPricing, EvalNetPricing, ResolvedSize } from '../plan/plan-pricing.js';
import type { Sweep } from '../sweep/sweep-schema.js';

/** A dataset factory (`@flopmatch/data`'s `datasets` entries have this shape). */
export interface DatasetComponent {
  readonly id: string;
  readonly summary: string;
  readonly schema: z.ZodType;
  create(config?: unknown): Dataset;
}

/** Builds a sampler from untrusted options (`@flopmatch/samplers`' `samplers` entries have this shape). */
export type SamplerComponent = (options?: unknown) => Sampler<object>;

/** Builds a distribution metric from options (`@flopmatch/metrics`' `METRIC_FACTORIES` entries). */
export type MetricComponent = (options?: never) => DistributionMetric;

/** The data a codec is priced or trained for. */
export interface CodecDataContext {
  dataset: Sweep['dataset'];
  /** The dataset's image shape (codecs are built for it; committed weights must match it). */
  imageShape: { height: number; width: number; channels: number };
}

/** What a unit hands a codec component to obtain weights. */
export interface CodecBuildContext extends CodecDataContext {
  /** The codec unit's folder (train into it when no committed weights exist). */
  dir: string;
  preset: string;
  options: Record<string, unknown>;
  /** Builds datasets by name and config (the registries' datasets). */
  datasets(name: string, config: unknown): Dataset;
  signal: AbortSignal;
  progress(fraction: number, flops: number): void;
}

/** A codec family (`codec:vq`, `codec:vae`, a plugin's quantizer). */
export interface CodecComponent {
  readonly id: string;
  readonly latentKind: 'discrete' | 'continuous';
  /** Presets it knows. */
  presets(): string[];
  /** Capacity and ledger costs of a preset, without loading weights; `committed` when weights ship with it. */
  price(preset: string, options: Record<string, unknown>, data: CodecDataContext): CodecPricing;
  /**
   * The weights directory for a preset: the committed one, or one trained into `context.dir` (resuming).
   * Returns the directory and the weights' sha256.
   */
  obtain(
    context: CodecBuildContext,
  ): Promise<{ dir: string; hash: string; source: 'committed' | 'trained'; trainFlops: FlopCount }>;
  /** Loads a codec from a directory `obtain` returned. */
  load(dir: string): Promise<LatentCodec>;
}

/** What an objective needs to be priced or built. */
export interface ObjectiveSetup {
  size: ResolvedSize;
  /** The codec's latent grid and vocabulary. */
  latentShape: { height: number; width: number; channels: number };
  codebookSize?: number;
  promptLength: number;
  /** The prompt tokenizer (trained on the training captions; its vocabulary sizes the prompt embedding). */
  tokenizer: PromptTokenizer;
  /** The objective entry's options. */
  options: Record<string, unknown>;
  /** Conditioning dropout for classifier-free guidance. */
  conditioningDropout: number;
}

/** Something holding tensors to free. */
export interface Disposable {
  dispose(): void;
}

/** An objective family (`objective:flow`, `objective:masked`, `objective:next-token`). */
export interface ObjectiveComponent {
  readonly id: string;
  readonly latentKind: 'discrete' | 'continuous';
  /** The generative-model kind its `model()` returns (what samplers drive). */
  readonly modelKind: GenerativeModel['kind'];
  /** Parameters and ledger FLOPs without building weights. */
  price(setup: ObjectiveSetup): {
    params: number;
    trainingFlopsPerExample: FlopCount;
    /** A pricing-only model view whose `callFlops`/`prefillFlops`/`stepFlops` are the ledger's (for `sampler.estimateCost`). */
    pricingModel: GenerativeModel;
  };
  /** A fresh objective (weights initialised from `seed`). */
  create(setup: ObjectiveSetup, seed: number): Objective & Disposable;
}

/** Where one evaluation network's files are. */
export interface EvalNetLocation {
  /** Network id with version (`shapes-features-v1`). */
  id: string;
  dir: string;
  /** Its extractor hash (stamped on every feature set it produces). */
  hash: string;
}

/** Loaded evaluation networks. */
export interface EvalNetworks {
  features: FeatureNetwork;
  clip?: ClipNetwork;
  dispose(): void;
}

/** The evaluation networks (feature extractor + CLIP-like embedder) of a dataset. */
export interface EvalNetComponent {
  readonly id: string;
  presets(): string[];
  price(preset: string, dataset: Sweep['dataset'], options?: Record<string, unknown>): EvalNetPricing;
  /** The committed networks, or networks trained into `context.dir` (resuming) when none are committed. */
  obtain(context: {
    dir: string;
    preset: string;
    options?: Record<string, unknown>;
    dataset: Sweep['dataset'];
    datasets(name: string, config: unknown): Dataset;
    signal: AbortSignal;
    progress(fraction: number, flops: number): void;
  }): Promise<{
    features: EvalNetLocation;
    clip?: EvalNetLocation;
    source: 'committed' | 'trained';
    trainFlops: FlopCount;
  }>;
  load(networks: { features: EvalNetLocation; clip?: EvalNetLocation }): Promise<EvalNetworks>;
}

/** Every registry the app composes. */
export interface ComponentRegistries {
  datasets: Registry<DatasetComponent>;
  codecs: Registry<CodecComponent>;
  objectives: Registry<ObjectiveComponent>;
  samplers: Registry<SamplerComponent>;
  metrics: Registry<MetricComponent>;
  evalNets: Registry<EvalNetComponent>;
  /** Backbone sizes by preset id. */
  sizes: Registry<Omit<ResolvedSize, 'name'>>;
}

/** What a plugin module exports. */
export interface ComponentPlugin {
  register(registries: ComponentRegistries): ComponentRegistries;
}
