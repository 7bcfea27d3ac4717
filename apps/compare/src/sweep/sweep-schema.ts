/**
 * A comparison sweep as data: which dataset, codecs, objectives, backbone sizes, FLOP budgets, samplers,
 * seeds and evaluation sizes a `flopmatch compare` run covers. Presets (`demo`, `small`, `paper`) are
 * sweeps; a `--config sweep.json` is laid over the preset and `--<path>=<value>` flags over that. Components
 * are named by registry id (`codec:vq`, `sampler:heun`, `dataset:shapes`), so a sweep can name a component
 * a plugin registered.
 *
 * The controlled variables (docs/controlled-comparison.md): every objective trains the same backbone sizes
 * on the same images in the same order (`seeds` seed the data order and the initialisation identically
 * for every objective), with budgets charged in ledger model FLOPs.
 */
import { z } from 'zod';
import { OBJECTIVE_NAMES } from '../store/schema.js';

const id = (family: string) =>
  z
    .string()
    .regex(new RegExp(`^(${family}:)?[a-z0-9][a-z0-9._-]*$`), `a registry id like '${family}:<name>'`);
const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, _ and - (used in unit ids)');
const options = z.record(z.string(), z.unknown()).default({});
const positive = z.number().positive();
const count = z.number().int().positive();

/** The dataset and how much of it trains the generators. */
export const DatasetSectionSchema = z
  .object({
    /** Registry id. Default `dataset:shapes`. */
    id: id('dataset').default('dataset:shapes'),
    /** Options passed to the dataset factory (e.g. `{ resolution: 16 }`). Default {}. */
    options,
    /** Distinct training images (the generators and the latent cache see only these). */
    trainingSetSize: count,
    /** Real images of the evaluation split used for reference statistics and prompts. Default: `evaluation.n` × 2. */
    evaluationSetSize: count.optional(),
    /** Prompt length in BPE tokens (prompts are padded or truncated to it). Default 16. */
    promptLength: count.default(16),
    /** Vocabulary of the prompt tokenizer (trained on the training captions). Default 512. */
    promptVocab: count.min(260).default(512),
  })
  .strict();

/** One codec of the sweep. */
export const CodecEntrySchema = z
  .object({
    /** The sweep's name for it (used in unit ids and plots), e.g. `vq-c16`. */
    name,
    /** Registry id of its type (`codec:vq`, `codec:vae`, or a plugin's). */
    id: id('codec'),
    /** Preset of that type (a committed checkpoint is reused when one exists for it). */
    preset: z.string(),
    /**
     * Fields laid over the preset's run config (e.g. `{ "steps": 400 }` for a codec family of
     * `@flopmatch/autoencoder`). Any option means training instead of reusing committed weights. Default {}.
     */
    options,
  })
  .strict();

/** The codecs: both latent kinds, with capacities to compare. */
export const AutoencodersSectionSchema = z
  .object({
    codecs: z.array(CodecEntrySchema).min(1),
    /**
     * Distinct capacities (bits per latent position) required per latent kind that some objective uses:
     * the paper compares generators across autoencoder capacities. Default 1.
     */
    minCapacitiesPerKind: count.default(1),
  })
  .strict();

/** One objective of the sweep. */
export const ObjectiveEntrySchema = z
  .object({
    /** `flow` (continuous latents), `masked` or `next-token` (discrete tokens). */
    name: z.enum(OBJECTIVE_NAMES),
    /** Registry id. Default `objective:<name>`. */
    id: id('objective').optional(),
    /** Names of the codecs it trains on (each of its latent kind). Default: every codec of its kind. */
    codecs: z.array(name).optional(),
    /** Options passed to the objective factory. Default {}. */
    options,
  })
  .strict();

/** A backbone size: a transformer preset id (`fm-xs` …) or explicit depth × width. */
export const SizeEntrySchema = z.union([
  z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'a size preset id such as fm-s'),
  z
    .object({
      name,
      layers: count,
      width: count,
      heads: count,
    })
    .strict(),
]);

/** Log-spaced FLOP budgets: `count` milestones from `min` to `max` model FLOPs per training run. */
export const BudgetsSchema = z
  .object({
    /** Smallest budget (model FLOPs). */
    min: positive,
    /** Largest budget: every run trains this far, with a checkpoint at each milestone. */
    max: positive,
    /** Number of milestones, log-spaced between min and max inclusive. */
    count: count,
  })
  .strict()
  .refine((b) => b.max >= b.min, { message: 'budgets.max must be ≥ budgets.min', path: ['max'] })
  .refine((b) => b.count > 1 || b.min === b.max, {
    message: 'one milestone needs min = max',
    path: ['count'],
  });

/** How training runs. */
export const TrainingSectionSchema = z
  .object({
    /** Examples per optimiser step. */
    batchSize: count,
    budgets: BudgetsSchema,
    /** Learning rates tried per (objective, size, codec) at `pickFlops`; one value skips the pick. */
    lrCandidates: z.array(positive).min(1),
    /** Budget of each lr-pick run in model FLOPs. Default: the smallest budget. */
    lrPickFlops: positive.optional(),
    /** Linear learning-rate warmup in optimiser steps. Default 0. */
    warmupSteps: z.number().int().nonnegative().default(0),
    /**
     * Each milestone's learning-rate cooldown as a share of its steps (warmup–stable–decay, one main run
     * with a cooldown branch per milestone; `@flopmatch/trainer`). Default 0.2.
     */
    cooldownFraction: z.number().gt(0).lt(1).default(0.2),
    /**
     * EMA of the weights, evaluated beside the raw weights: half-life as a fraction of the steps so far
     * (`@flopmatch/trainer`'s `emas`). Default on, half-life 0.1.
     */
    ema: z
      .object({ enabled: z.boolean().default(true), halfLife: z.number().gt(0).max(1).default(0.1) })
      .strict()
      .prefault({}),
    /** Checkpoint a training run every this many steps, so a killed run resumes close to where it was. Default 50. */
    checkpointEverySteps: z.number().int().positive().default(50),
    /** Conditioning dropout (for classifier-free guidance). Default 0.1. */
    conditioningDropout: z.number().min(0).max(1).default(0.1),
    /** Seeds: every (objective, size, codec) trains once per seed; a seed fixes data order and init for all objectives alike. */
    seeds: z.array(z.number().int().nonnegative()).min(1),
  })
  .strict();

/** A sampler with options, as a registry id. */
export const SamplerChoiceSchema = z
  .object({
    /** Registry id (`sampler:euler`, `sampler:heun`, `sampler:maskgit`, `sampler:next-token`, or a plugin's). */
    sampler: id('sampler'),
    /** Options passed to the sampler factory. Default {}. */
    options,
  })
  .strict();

/** Sampling for one objective: the default used by evaluations, and the inference sweep. */
export const ObjectiveSamplingSchema = z
  .object({
    /** Sampler used when evaluating milestones. */
    default: SamplerChoiceSchema,
    /** Classifier-free guidance scale of the default (1 = none). */
    cfgScale: z.number().min(0).default(1),
    /** Inference sweep: each option set at the default cfg scale (e.g. flow steps 2–32). Default: none. */
    sweep: z.array(SamplerChoiceSchema).default([]),
    /** Inference sweep: each cfg scale with the default sampler. Default: none. */
    cfgSweep: z.array(z.number().min(0)).default([]),
  })
  .strict();

/** Sampler settings per objective. */
export const SamplingSectionSchema = z
  .object({
    flow: ObjectiveSamplingSchema.optional(),
    masked: ObjectiveSamplingSchema.optional(),
    'next-token': ObjectiveSamplingSchema.optional(),
  })
  .strict();

/** How generators are evaluated. */
export const EvaluationSectionSchema = z
  .object({
    /** Images generated per evaluation (and real images per side of the real-vs-real baseline). */
    n: count.min(2),
    /** Images per point of the inference sweep. Default: `n`. */
    inferenceN: count.min(2).optional(),
    /** Images per sampling batch. Default 32. */
    batchSize: count.default(32),
    /** Batch of the throughput measurement. Default 32. */
    throughputBatch: count.default(32),
    /** Timed repeats of the batch-1 latency measurement (the median is reported). Default 3. */
    latencyRepeats: count.default(3),
    /** Evaluation networks (feature extractor and CLIP-like embedder) by registry id and preset. */
    networks: z
      .object({
        id: id('evalnet').default('evalnet:default'),
        preset: z.string().default('default'),
        /**
         * Overrides of the networks' training (`{ "train": { "steps": 50 } }`); any option means training
         * them in the run instead of reusing the committed ones. Default {}.
         */
        options,
      })
      .strict()
      .prefault({}),
    /** Prompt split generators are prompted with: `test` (seen pairs) or `heldout` (unseen pairs). Default test. */
    promptSplit: z.enum(['test', 'heldout']).default('test'),
    /** Samples shown in each grid image. Default 16. */
    gridSize: count.default(16),
    /** Which milestones get an inference sweep: the last only (default) or all. */
    inferenceMilestones: z.enum(['last', 'all']).default('last'),
    /** Which seeds' runs get an inference sweep: the first seed only (default) or all. */
    inferenceSeeds: z.enum(['first', 'all']).default('first'),
  })
  .strict();

/** A whole sweep. */
export const SweepSchema = z
  .object({
    /** Name shown in the report. */
    name: z.string().default('custom'),
    /** What the sweep is for, one paragraph for the report. Default ''. */
    description: z.string().default(''),
    /**
     * Modules that register components (paths relative to the sweep file, or package names); each exports
     * `register(registries)` returning the registries with its components added. Default none.
     */
    plugins: z.array(z.string()).default([]),
    /** Wall-clock budget of the whole run in seconds; `--dry-run` refuses a plan estimated above it. */
    timeBudgetSeconds: positive,
    /** Backend the units run on. Default `auto`. */
    backend: z.enum(['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']).default('auto'),
    dataset: DatasetSectionSchema,
    autoencoders: AutoencodersSectionSchema,
    objectives: z.array(ObjectiveEntrySchema).min(1),
    /** Backbone sizes, smallest first. */
    sizes: z.array(SizeEntrySchema).min(1),
    training: TrainingSectionSchema,
    sampling: SamplingSectionSchema,
    evaluation: EvaluationSectionSchema,
  })
  .strict();

/** A sweep as written (defaults optional). */
export type SweepInput = z.input<typeof SweepSchema>;
/** A validated sweep (defaults filled, frozen). */
export type Sweep = z.output<typeof SweepSchema>;
/** One size entry of a validated sweep. */
export type SizeEntry = z.output<typeof SizeEntrySchema>;
/** One codec entry. */
export type CodecEntry = z.output<typeof CodecEntrySchema>;
/** One objective entry. */
export type ObjectiveEntry = z.output<typeof ObjectiveEntrySchema>;
/** One sampler choice. */
export type SamplerChoice = z.output<typeof SamplerChoiceSchema>;
/** Sampling settings of one objective. */
export type ObjectiveSampling = z.output<typeof ObjectiveSamplingSchema>;
