/**
 * The results store of a `flopmatch compare` run: what every finished unit writes, and what the report
 * (`src/report/**`) and any other reader may rely on. Versioned (`RESULTS_VERSION`); a reader validates
 * every record with these schemas and refuses a file written by a newer version.
 *
 * Layout of a run directory (`./runs/<preset>` by default):
 *
 * ```
 * run.json            RunInfo: the resolved sweep, its hash, preset, git commit, backend, device
 * plan.json           Plan: every unit with its dependencies, ledger FLOPs and estimated seconds
 * results.jsonl       one UnitRecord per finished unit (append-only; a unit appears at most once)
 * events.jsonl        log events (unit started / progress / finished / failed), JSONL
 * units/<unit-id>/    a unit's working files: checkpoints, image grids, features, manifest.json
 * report/index.html   the HTML report
 * ```
 *
 * Every path inside a record is relative to the run directory. Every FLOP count follows the ledger of
 * `@flopmatch/flops` (`{ model, executed }`, multiply-add = 2 FLOPs). Every metric value carries its N.
 */
import { z } from 'zod';

/** Value of `format` in every results-store record. */
export const RESULTS_FORMAT = 'flopmatch-results';
/** Version of the records this app writes and reads. */
export const RESULTS_VERSION = 1;

/** File names inside a run directory. */
export const RUN_FILES = Object.freeze({
  run: 'run.json',
  plan: 'plan.json',
  results: 'results.jsonl',
  events: 'events.jsonl',
  units: 'units',
  report: 'report',
});

/** Unit ids: lowercase words joined by `.` (`train.flow.d128.vae-c4.s0`); safe as a folder name. */
export const UnitIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$/, 'lowercase words [a-z0-9_-] joined by "."');

/** The kinds of unit a run is split into, in pipeline order. */
export const UNIT_KINDS = [
  'codec',
  'eval-nets',
  'latents',
  'lr-pick',
  'train',
  'eval',
  'inference',
  'report',
] as const;
/** One of `UNIT_KINDS`. */
export type UnitKind = (typeof UNIT_KINDS)[number];

/** The three objectives of the study, by short name (their registry ids are `objective:<name>`). */
export const OBJECTIVE_NAMES = ['flow', 'masked', 'next-token'] as const;
/** One of `OBJECTIVE_NAMES`. */
export type ObjectiveName = (typeof OBJECTIVE_NAMES)[number];

/** A FLOP count in the ledger's convention: `model` (the math, what budgets charge) and `executed` (what kernels ran). */
export const FlopCountSchema = z.object({
  model: z.number().nonnegative(),
  executed: z.number().nonnegative(),
});

/**
 * One metric value with its sample size (FD and KID depend on N). `std` is a spread where the metric has
 * one (KID's std over subsets, a std over seeds); `name` is e.g. `FD-shapes-v1`.
 */
export const MetricValueSchema = z.object({
  name: z.string(),
  value: z.number(),
  n: z.number().int().nonnegative(),
  std: z.number().nonnegative().optional(),
});

/** Latent grid shape h × w × c (c = 1 for token ids). */
export const LatentShapeSchema = z.object({
  height: z.number().int().positive(),
  width: z.number().int().positive(),
  channels: z.number().int().positive(),
});

/** sha256 hex of a weights file or a config, optionally prefixed `sha256:` (as evaluation networks stamp theirs). */
export const HashSchema = z
  .string()
  .regex(/^(sha256:)?[0-9a-f]{64}$/, '64 lowercase hex digits (sha256), optionally prefixed sha256:');

/**
 * What produced a unit's result, written beside it so a number can be traced and reproduced: the code
 * (`gitCommit`), the unit's config (`configHash`), the machine (`backend`, `device`), the randomness
 * (`seeds`) and the exact networks involved (`evalNetHash`, `codecHash`).
 */
export const UnitManifestSchema = z.object({
  /** `git rev-parse HEAD` of the tree that ran the unit; null outside a git checkout. */
  gitCommit: z.string().nullable(),
  /** True when the tree had uncommitted changes. */
  gitDirty: z.boolean().optional(),
  /** sha256 of the unit's config (stable JSON with sorted keys). */
  configHash: HashSchema,
  /** The unit's config itself (JSON): what `configHash` hashes. */
  config: z.json(),
  /** Backend the unit ran on (`wasm`, `cpu`, `tensorflow`, `webgpu` …), as `initRuntime` reported it. */
  backend: z.string(),
  /** The machine in words (`linux x64, 2 cores, Node 20.19`, or a GPU name). */
  device: z.string(),
  /** Every seed the unit used, by purpose (`{ train: 0, sample: 1000 }`). */
  seeds: z.record(z.string(), z.number().int()),
  /** sha256 of the evaluation network's weights, for units that extract features. */
  evalNetHash: HashSchema.optional(),
  /** sha256 of the codec's weights, for units that encode or decode. */
  codecHash: HashSchema.optional(),
  /** ISO 8601 start and end of the unit's last (finishing) session. */
  startedAt: z.string(),
  finishedAt: z.string(),
  /** Wall-clock seconds over every session the unit took (resumed sessions add up). */
  wallSeconds: z.number().nonnegative(),
  /** Compute the unit spent, from the ledger. */
  flops: FlopCountSchema,
});
/** Parsed `UnitManifestSchema`. */
export type UnitManifest = z.infer<typeof UnitManifestSchema>;

const recordBase = {
  format: z.literal(RESULTS_FORMAT),
  version: z.literal(RESULTS_VERSION),
  /** The unit's id (unique in a run). */
  unit: UnitIdSchema,
  /** Ids of the units whose results this one used. */
  dependsOn: z.array(UnitIdSchema),
  manifest: UnitManifestSchema,
};

/** A codec (VQ/LFQ/FSQ or KL-VAE) ready for use, with its reconstruction quality: the ceiling of every generator on it. */
export const CodecResultSchema = z.object({
  /** The sweep's name for this codec (`vq-c16`, `vae-c4`). */
  name: z.string(),
  /** Registry id of its type (`codec:vq`, `codec:vae`). */
  id: z.string(),
  latentKind: z.enum(['discrete', 'continuous']),
  /** Preset the codec was built from. */
  preset: z.string(),
  latentShape: LatentShapeSchema,
  downsampleFactor: z.number().int().positive(),
  /** log2(codebook size) for discrete codecs, channels for continuous ones. */
  bitsPerPosition: z.number().positive(),
  codebookSize: z.number().int().positive().optional(),
  params: z.number().int().nonnegative(),
  /** Ledger FLOPs of one image through the encoder and through the decoder. */
  flops: z.object({ encodePerImage: z.number().nonnegative(), decodePerImage: z.number().nonnegative() }),
  /** sha256 of the weights file. */
  hash: HashSchema,
  /** Where the weights are (relative to the run directory, or a path in the package for committed codecs). */
  path: z.string(),
  /** `committed`: shipped with the package and reused; `trained`: trained by this run. */
  source: z.enum(['committed', 'trained']),
  /** Reconstruction quality on held-out real images (N in each value). */
  reconstruction: z.object({
    psnr: MetricValueSchema,
    ssim: MetricValueSchema,
    /** FD between reconstructions and the real images, with the run's evaluation network. */
    fd: MetricValueSchema.optional(),
    /** Prompt-following score of reconstructions: the ceiling a generator on this codec can reach. */
    promptAccuracy: MetricValueSchema.optional(),
  }),
});

/** The evaluation networks and the real-vs-real baselines every metric is read against. */
export const EvalNetsResultSchema = z.object({
  /** The image feature extractor FD/KID/precision-recall use. */
  extractor: z.object({
    id: z.string(),
    hash: HashSchema,
    dim: z.number().int().positive(),
    path: z.string(),
  }),
  /** The paired image/text embedding of the CLIP-like score (absent if the run has none). */
  clip: z
    .object({ id: z.string(), hash: HashSchema, dim: z.number().int().positive(), path: z.string() })
    .optional(),
  source: z.enum(['committed', 'trained']),
  /**
   * Metrics between two disjoint real sets of `n` images each, one entry per N the run evaluates at: the
   * floor below which a generator's number carries no information.
   */
  realBaseline: z.array(
    z.object({
      n: z.number().int().positive(),
      fd: MetricValueSchema,
      kid: MetricValueSchema,
      precision: MetricValueSchema,
      recall: MetricValueSchema,
      /** Exact prompt checker on real images (its own error rate). */
      promptAccuracy: MetricValueSchema.optional(),
      clipScore: MetricValueSchema.optional(),
    }),
  ),
});

/** A dataset encoded once by a codec (the latent cache generators train on). */
export const LatentsResultSchema = z.object({
  codec: z.string(),
  codecHash: HashSchema,
  latentKind: z.enum(['discrete', 'continuous']),
  latentShape: LatentShapeSchema,
  /** Number of distinct images encoded (the training-set size). */
  size: z.number().int().positive(),
  path: z.string(),
});

/** The learning rate picked for one (objective, size, codec) by short runs at a small budget. */
export const LrPickResultSchema = z.object({
  objective: z.enum(OBJECTIVE_NAMES),
  size: z.string(),
  codec: z.string(),
  budgetFlops: z.number().positive(),
  candidates: z.array(
    z.object({
      lr: z.number().positive(),
      /** Mean training loss over the last steps of the short run; null when the run diverged. */
      loss: z.number().nullable(),
      diverged: z.boolean(),
    }),
  ),
  chosen: z.number().positive(),
});

/** One saved milestone of a training run: the checkpoint evaluated at a FLOP budget. */
export const MilestoneSchema = z.object({
  /** Position in the sweep's budget list (0 = smallest). */
  index: z.number().int().nonnegative(),
  /** The budget (model FLOPs) this milestone stands for. */
  budgetFlops: z.number().positive(),
  /** FLOPs actually spent at the checkpoint (≥ budget: runs stop at a step boundary). */
  spent: FlopCountSchema,
  step: z.number().int().nonnegative(),
  /** Checkpoint directory, relative to the run directory. */
  checkpoint: z.string(),
  /** Mean training loss over the steps since the previous milestone. */
  loss: z.number(),
});

/** A generator trained with one objective on one backbone size, codec and seed, with its milestones. */
export const TrainResultSchema = z.object({
  objective: z.enum(OBJECTIVE_NAMES),
  /** Backbone size preset name (`d128-l4`). */
  size: z.string(),
  width: z.number().int().positive(),
  depth: z.number().int().positive(),
  /** Trainable parameters (backbone + heads + prompt embedding). */
  params: z.number().int().nonnegative(),
  codec: z.string(),
  seed: z.number().int(),
  lr: z.number().positive(),
  batchSize: z.number().int().positive(),
  /** Distinct training images. */
  trainingSetSize: z.number().int().positive(),
  /** Ledger FLOPs of one training example (forward + backward). */
  flopsPerExample: FlopCountSchema,
  /**
   * The EMA of the weights evaluated beside the raw ones (half-life as a fraction of the steps so far, as
   * `@flopmatch/trainer` defines it), or null when EMA is off.
   */
  ema: z.object({ halfLife: z.number().positive().max(1) }).nullable(),
  milestones: z.array(MilestoneSchema),
  /** The loss curve, subsampled to at most a few hundred points. */
  lossCurve: z.array(z.object({ step: z.number().int(), flops: z.number(), loss: z.number() })),
});

/** The sampler and settings one evaluation used. */
export const SamplerSettingsSchema = z.object({
  /** Registry id (`sampler:euler`, `sampler:maskgit`, `sampler:next-token`). */
  id: z.string(),
  /** Steps, iterations, temperature, top-k … as passed to the sampler. */
  options: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
  /** Classifier-free guidance scale (1 = none). */
  cfgScale: z.number(),
});

/** Inference cost per image from the ledger (no model run needed). */
export const InferenceCostSchema = z.object({
  flopsPerImage: FlopCountSchema,
  /** Network evaluations per sample path. */
  nfe: z.number().int().nonnegative(),
  /** Evaluations that must run one after another (latency-bound). */
  sequentialEvals: z.number().int().nonnegative(),
  cfgPasses: z.number().int().positive(),
});

/** The quality numbers of one set of generated images. */
export const QualitySchema = z.object({
  fd: MetricValueSchema,
  kid: MetricValueSchema,
  precision: MetricValueSchema,
  recall: MetricValueSchema,
  /** Exact prompt checker on the generated images (fraction of prompts satisfied). */
  promptAccuracy: MetricValueSchema.optional(),
  /** CLIP-like score between generated images and their prompts. */
  clipScore: MetricValueSchema.optional(),
});

/** The trained model an eval or inference result is about: one milestone's raw or EMA weights. */
const evaluatedModelShape = {
  /** The train unit evaluated. */
  train: UnitIdSchema,
  objective: z.enum(OBJECTIVE_NAMES),
  size: z.string(),
  codec: z.string(),
  seed: z.number().int(),
  milestone: MilestoneSchema,
  weights: z.enum(['raw', 'ema']),
};

/** Quality of one milestone's weights (raw or EMA) at the sweep's default sampler settings. */
export const EvalResultSchema = z.object({
  ...evaluatedModelShape,
  sampler: SamplerSettingsSchema,
  /** Generated images evaluated (equals the baseline's n). */
  n: z.number().int().positive(),
  quality: QualitySchema,
  /** The codec's reconstruction prompt accuracy (the ceiling), copied for convenience. */
  promptCeiling: MetricValueSchema.optional(),
  /** The real-vs-real baseline at the same n, copied from the eval-nets unit. */
  baseline: QualitySchema,
  cost: InferenceCostSchema,
  /** A PNG grid of samples, relative to the run directory. */
  grid: z.string().optional(),
});

/** One point of the inference sweep: a sampler setting, what it costs and the quality it buys. */
export const InferencePointSchema = z.object({
  sampler: SamplerSettingsSchema,
  n: z.number().int().positive(),
  quality: QualitySchema,
  cost: InferenceCostSchema,
  /** Milliseconds to generate one image at batch 1 (median of the timed repeats). */
  latencyMsBatch1: z.number().nonnegative(),
  /** Images per second at batch `throughputBatch`. */
  throughputImagesPerSecond: z.number().nonnegative(),
  throughputBatch: z.number().int().positive(),
});

/** The inference sweep of one trained model (its last milestone): quality vs inference FLOPs and time. */
export const InferenceResultSchema = z.object({
  ...evaluatedModelShape,
  points: z.array(InferencePointSchema),
  /** The real-vs-real baseline at the points' n. */
  baseline: QualitySchema,
});

/** The report written from the other records. */
export const ReportResultSchema = z.object({ path: z.string() });

/** One line of `results.jsonl`: a finished unit, discriminated by `kind`. */
export const UnitRecordSchema = z.discriminatedUnion('kind', [
  z.object({ ...recordBase, kind: z.literal('codec'), result: CodecResultSchema }),
  z.object({ ...recordBase, kind: z.literal('eval-nets'), result: EvalNetsResultSchema }),
  z.object({ ...recordBase, kind: z.literal('latents'), result: LatentsResultSchema }),
  z.object({ ...recordBase, kind: z.literal('lr-pick'), result: LrPickResultSchema }),
  z.object({ ...recordBase, kind: z.literal('train'), result: TrainResultSchema }),
  z.object({ ...recordBase, kind: z.literal('eval'), result: EvalResultSchema }),
  z.object({ ...recordBase, kind: z.literal('inference'), result: InferenceResultSchema }),
  z.object({ ...recordBase, kind: z.literal('report'), result: ReportResultSchema }),
]);
/** Parsed `UnitRecordSchema`. */
export type UnitRecord = z.infer<typeof UnitRecordSchema>;
/** The record of one kind of unit. */
export type UnitRecordOf<K extends UnitKind> = Extract<UnitRecord, { kind: K }>;
/** The `result` of one kind of unit. */
export type UnitResultOf<K extends UnitKind> = UnitRecordOf<K>['result'];

/** `run.json`: what a run directory holds a comparison of. Rerunning into the folder must match `sweepHash`. */
export const RunInfoSchema = z.object({
  format: z.literal('flopmatch-run'),
  version: z.literal(RESULTS_VERSION),
  /** Preset the sweep came from (`demo`, `small`, `paper`) or `custom`. */
  preset: z.string(),
  /** The resolved sweep (defaults filled), exactly as validated. */
  sweep: z.json(),
  /** sha256 of the sweep (stable JSON). */
  sweepHash: HashSchema,
  created: z.string(),
  gitCommit: z.string().nullable(),
  backend: z.string(),
  device: z.string(),
  /** The preset's wall-clock budget in seconds (what `--dry-run` checks the estimate against). */
  timeBudgetSeconds: z.number().positive().optional(),
});
/** Parsed `RunInfoSchema`. */
export type RunInfo = z.infer<typeof RunInfoSchema>;

/** One unit of `plan.json`. */
export const PlannedUnitSchema = z.object({
  id: UnitIdSchema,
  kind: z.enum(UNIT_KINDS),
  dependsOn: z.array(UnitIdSchema),
  /** Ledger FLOPs the unit will spend (training, encoding, sampling and feature extraction). */
  flops: FlopCountSchema,
  /** Estimated seconds on the planned backend (flops / measured FLOP/s + fixed overheads). */
  estimatedSeconds: z.number().nonnegative(),
  /** One line for people. */
  summary: z.string(),
});

/** `plan.json`: every unit of the run, in a valid execution order. */
export const PlanSchema = z.object({
  format: z.literal('flopmatch-plan'),
  version: z.literal(RESULTS_VERSION),
  sweepHash: HashSchema,
  units: z.array(PlannedUnitSchema),
  totalFlops: FlopCountSchema,
  /** Model FLOP/s the estimate assumed and where that number came from. */
  flopsPerSecond: z.number().positive(),
  calibration: z.string(),
  /** Workers the estimate assumed running in parallel. */
  workers: z.number().int().positive(),
  /** Estimated wall-clock seconds with `workers` in parallel, respecting dependencies. */
  estimatedSeconds: z.number().nonnegative(),
});
/** Parsed `PlanSchema`. */
export type Plan = z.infer<typeof PlanSchema>;
/** One unit of a `Plan`. */
export type PlannedUnit = z.infer<typeof PlannedUnitSchema>;

/** One line of `events.jsonl`. */
export const RunEventSchema = z.object({
  time: z.string(),
  unit: UnitIdSchema.optional(),
  event: z.enum(['run-start', 'unit-start', 'unit-progress', 'unit-done', 'unit-failed', 'run-done', 'log']),
  /** Fraction of the unit done, in [0, 1], for `unit-progress`. */
  fraction: z.number().min(0).max(1).optional(),
  /** Model FLOPs spent by the unit so far, for `unit-progress`. */
  flops: z.number().nonnegative().optional(),
  message: z.string().optional(),
  pid: z.number().int().optional(),
});
/** Parsed `RunEventSchema`. */
export type RunEvent = z.infer<typeof RunEventSchema>;
