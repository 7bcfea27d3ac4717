/**
 * What planning needs to know about components, without building or running any: capacities and ledger
 * FLOPs of codecs, evaluation networks, training runs and samplers. The app's registries implement it from
 * the packages' ledger functions (`@flopmatch/flops` through each package), so a plan's FLOPs are the
 * ledger's.
 */
import type { FlopCount } from '@flopmatch/core';
import type { CodecEntry, ObjectiveEntry, SamplerChoice, SizeEntry, Sweep } from '../sweep/sweep-schema.js';

/** A backbone size resolved to depth and width. */
export interface ResolvedSize {
  name: string;
  layers: number;
  width: number;
  heads: number;
}

/** A codec's capacity and costs. */
export interface CodecPricing {
  latentKind: 'discrete' | 'continuous';
  latentShape: { height: number; width: number; channels: number };
  bitsPerPosition: number;
  codebookSize?: number;
  downsampleFactor: number;
  params: number;
  /** Forward FLOPs of one image through the encoder / decoder. */
  encodePerImage: number;
  decodePerImage: number;
  /** Model FLOPs to train it; 0 when committed weights are reused. */
  trainFlops: number;
  committed: boolean;
}

/** The evaluation networks' costs. */
export interface EvalNetPricing {
  /** Forward FLOPs of one image through the feature extractor. */
  featureFlopsPerImage: number;
  /** Forward FLOPs of one image and its prompt through the CLIP-like embedder (0 without one). */
  clipFlopsPerImage: number;
  /** Model FLOPs to train them; 0 when committed weights are reused. */
  trainFlops: number;
  committed: boolean;
}

/** A training run's costs. */
export interface TrainingRunPricing {
  /** Trainable parameters (backbone + heads + prompt embedding). */
  params: number;
  /** Ledger FLOPs of one training example (forward + backward). */
  flopsPerExample: FlopCount;
  /** What the whole run executes (main run + every milestone's cooldown). */
  total: FlopCount;
  /** Per milestone: its budget and the FLOPs charged to it. */
  milestones: { budgetFlops: number; charged: FlopCount }[];
}

/** One sampler setting's inference cost per image. */
export interface SamplingPricing {
  perImage: FlopCount;
  nfe: number;
  sequentialEvals: number;
  cfgPasses: number;
}

/** One (objective, size, codec) combination. */
export interface RunShape {
  objective: ObjectiveEntry;
  size: ResolvedSize;
  codec: CodecEntry;
  codecPricing: CodecPricing;
}

/** Ledger pricing of a sweep's components. */
export interface PlanPricing {
  size(entry: SizeEntry): ResolvedSize;
  codec(entry: CodecEntry, sweep: Sweep): CodecPricing;
  evalNets(sweep: Sweep): EvalNetPricing;
  trainingRun(run: RunShape, sweep: Sweep, budgets: number[]): TrainingRunPricing;
  sampling(run: RunShape, sweep: Sweep, choice: SamplerChoice, cfgScale: number): SamplingPricing;
}
