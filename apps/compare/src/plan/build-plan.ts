/**
 * Turns a validated sweep into units with dependencies and ledger FLOPs:
 *
 *   eval-nets ─┬─ codec.<c> ── latents.<c> ── lr-pick.<o>.<s>.<c> ── train.<o>.<s>.<c>.s<seed>
 *              │                                                        ├─ eval.….m<i>.<raw|ema>
 *              └────────────────────────────────────────────────────────┴─ inference.….m<i>.<raw|ema>
 *   report ← every codec, eval and inference unit
 *
 * Every objective trains every size on every codec of its latent kind (or the codecs it names), once per
 * seed, to the largest budget with a checkpoint at each log-spaced milestone; each milestone is evaluated
 * with raw weights (and EMA weights when on) at the objective's default sampler; the inference sweep runs
 * on the last (or every) milestone.
 */
import { addFlops, ConfigError, type FlopCount, scaleFlops, ZERO_FLOPS } from '@flopmatch/core';
import { logSpaced } from '@flopmatch/trainer';
import type { ObjectiveName } from '../store/schema.js';
import type { CodecEntry, ObjectiveEntry, Sweep } from '../sweep/sweep-schema.js';
import type { CodecPricing, PlanPricing, RunShape } from './plan-pricing.js';
import { type RunKey, unitIds } from './unit-ids.js';
import type { UnitSpec } from './unit-spec.js';

/** Fixed seconds per unit the FLOP count does not capture (process start, loading, image I/O). */
export const UNIT_OVERHEAD_SECONDS: Readonly<Record<UnitSpec['kind'], number>> = Object.freeze({
  codec: 5,
  'eval-nets': 5,
  latents: 3,
  'lr-pick': 3,
  train: 5,
  eval: 5,
  inference: 8,
  report: 5,
});

/**
 * Seconds each sequential network call of a sampler costs beyond its FLOPs (dispatching many small kernels:
 * a next-token decode is h·w calls per batch). Measured with the demo preset on 2 CPU cores (wasm).
 */
export const SECONDS_PER_SEQUENTIAL_CALL = 0.04;

/** The latent kind each objective generates. */
export const OBJECTIVE_LATENT_KIND: Readonly<Record<ObjectiveName, 'continuous' | 'discrete'>> =
  Object.freeze({
    flow: 'continuous',
    masked: 'discrete',
    'next-token': 'discrete',
  });

/** `count` budgets log-spaced from `min` to `max` inclusive (one budget: `[max]`), by the trainer's rule. */
export function budgetMilestones(budgets: Sweep['training']['budgets']): number[] {
  return logSpaced(budgets.min, budgets.max, budgets.count);
}

/** The codecs an objective trains on: those it names, else every codec of its latent kind. */
export function codecsFor(
  objective: ObjectiveEntry,
  sweep: Sweep,
  kinds: Map<string, CodecPricing>,
): CodecEntry[] {
  const want = OBJECTIVE_LATENT_KIND[objective.name];
  return sweep.autoencoders.codecs.filter((c) =>
    objective.codecs ? objective.codecs.includes(c.name) : kinds.get(c.name)?.latentKind === want,
  );
}

const mul = (count: FlopCount, n: number) => scaleFlops(count, n);
const flat = (n: number): FlopCount => ({ model: n, executed: n });
const sci = (n: number) => n.toExponential(1);

/** Builds the units of `sweep` (in a valid execution order). */
export function buildPlan(sweep: Sweep, pricing: PlanPricing): UnitSpec[] {
  const units: UnitSpec[] = [];
  const add = (u: Omit<UnitSpec, 'overheadSeconds'>, calls = 0) =>
    units.push({
      ...u,
      overheadSeconds: UNIT_OVERHEAD_SECONDS[u.kind] + calls * SECONDS_PER_SEQUENTIAL_CALL,
    });
  const { dataset, training, evaluation, plugins } = sweep;
  const n = evaluation.n;
  const nInference = evaluation.inferenceN ?? n;
  const evalNet = pricing.evalNets(sweep);
  const featurePerImage = evalNet.featureFlopsPerImage + evalNet.clipFlopsPerImage;

  // 1. Evaluation networks and the real-vs-real baselines (two disjoint real sets per N).
  const baselineNs = [...new Set([n, nInference])];
  add({
    id: unitIds.evalNets(),
    kind: 'eval-nets',
    dependsOn: [],
    config: {
      plugins,
      dataset,
      networks: evaluation.networks,
      baselineNs,
      promptSplit: evaluation.promptSplit,
    },
    // Real set A and B through the feature network, B's images and captions through the CLIP-like embedder.
    flops: addFlops(
      flat(evalNet.trainFlops),
      flat(
        baselineNs.reduce(
          (s, m) => s + 2 * m * evalNet.featureFlopsPerImage + m * evalNet.clipFlopsPerImage,
          0,
        ),
      ),
    ),
    summary: `${evalNet.committed ? 'load' : 'train'} evaluation networks; real-vs-real baselines at N = ${baselineNs.join(', ')}`,
  });

  // 2. Codecs (with reconstruction quality at N) and their latent caches.
  const codecPricing = new Map<string, CodecPricing>();
  for (const codec of sweep.autoencoders.codecs) {
    const p = pricing.codec(codec, sweep);
    codecPricing.set(codec.name, p);
    add({
      id: unitIds.codec(codec.name),
      kind: 'codec',
      dependsOn: [unitIds.evalNets()],
      config: {
        plugins,
        dataset,
        codec,
        reconstructionN: n,
        networks: evaluation.networks,
        split: evaluation.promptSplit,
      },
      // Training (unless committed); N held-out images round-tripped for PSNR/SSIM, N more (real set B)
      // round-tripped and featurised for the ceiling.
      flops: addFlops(
        flat(p.trainFlops),
        flat(n * (2 * (p.encodePerImage + p.decodePerImage) + evalNet.featureFlopsPerImage)),
      ),
      summary: `${p.committed ? 'load' : `train (${sci(p.trainFlops)} FLOPs)`} ${codec.id} ${codec.preset} as ${codec.name}; reconstructions at N = ${n}`,
    });
    add({
      id: unitIds.latents(codec.name),
      kind: 'latents',
      dependsOn: [unitIds.codec(codec.name)],
      config: { plugins, dataset, codec: codec.name },
      flops: flat(dataset.trainingSetSize * p.encodePerImage),
      summary: `encode ${dataset.trainingSetSize} training images with ${codec.name}`,
    });
  }

  // 3. Per (objective, size, codec): lr pick, then one training run per seed, then evaluations.
  const budgets = budgetMilestones(training.budgets);
  const evaluated: string[] = [];
  for (const objective of sweep.objectives) {
    const sampling = sweep.sampling[objective.name]!;
    for (const sizeEntry of sweep.sizes) {
      const size = pricing.size(sizeEntry);
      for (const codec of codecsFor(objective, sweep, codecPricing)) {
        const run: RunShape = { objective, size, codec, codecPricing: codecPricing.get(codec.name)! };
        let priced: ReturnType<PlanPricing['trainingRun']>;
        try {
          priced = pricing.trainingRun(run, sweep, budgets);
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          // The trainer refuses milestones too small for a step, a cooldown or the warmup: name the sweep fields.
          throw new ConfigError('sweep', [
            {
              path: 'training.budgets',
              value: JSON.stringify(sweep.training.budgets),
              message: `${objective.name} on size ${size.name} with codec ${codec.name}: ${error.issues.map((i) => `${i.path} = ${i.value}: ${i.message}`).join('; ')}`,
              fix: 'raise training.budgets.min, lower training.batchSize or training.warmupSteps, or drop the size',
            },
          ]);
        }
        const trainingConfig = {
          batchSize: training.batchSize,
          warmupSteps: training.warmupSteps,
          cooldownFraction: training.cooldownFraction,
          conditioningDropout: training.conditioningDropout,
        };
        const shared = {
          plugins,
          dataset,
          objective,
          size,
          codec: codec.name,
        };
        const latentsId = unitIds.latents(codec.name);
        let lrSource = latentsId;
        if (training.lrCandidates.length > 1) {
          const pickFlops = training.lrPickFlops ?? budgets[0]!;
          const id = unitIds.lrPick(objective.name, size.name, codec.name);
          add({
            id,
            kind: 'lr-pick',
            dependsOn: [latentsId],
            config: {
              ...shared,
              training: trainingConfig,
              lrCandidates: training.lrCandidates,
              budgetFlops: pickFlops,
              seed: training.seeds[0]!,
            },
            flops: flat(training.lrCandidates.length * pickFlops),
            summary: `pick the lr of ${objective.name} ${size.name} on ${codec.name} from ${training.lrCandidates.length} runs of ${sci(pickFlops)} FLOPs`,
          });
          lrSource = id;
        }
        for (const seed of training.seeds) {
          const key: RunKey = { objective: objective.name, size: size.name, codec: codec.name, seed };
          const trainId = unitIds.train(key);
          add({
            id: trainId,
            kind: 'train',
            dependsOn: lrSource === latentsId ? [latentsId] : [lrSource, latentsId],
            config: {
              ...shared,
              seed,
              training: {
                ...trainingConfig,
                budgets,
                ema: training.ema,
                checkpointEverySteps: training.checkpointEverySteps,
              },
              lr: training.lrCandidates.length > 1 ? 'picked' : training.lrCandidates[0]!,
            },
            flops: priced.total,
            summary: `train ${objective.name} ${size.name} on ${codec.name}, seed ${seed}, to ${sci(budgets.at(-1)!)} FLOPs (${budgets.length} milestones)`,
          });
          const evaluationDeps = [trainId, unitIds.evalNets(), unitIds.codec(codec.name)];
          const weights: ('raw' | 'ema')[] = training.ema.enabled ? ['raw', 'ema'] : ['raw'];
          const evalCost = pricing.sampling(run, sweep, sampling.default, sampling.cfgScale);
          const sweepPoints = [
            ...sampling.sweep.map((choice) => ({ choice, cfgScale: sampling.cfgScale })),
            ...sampling.cfgSweep.map((cfgScale) => ({ choice: sampling.default, cfgScale })),
          ];
          const pointCosts = sweepPoints.map((p) => pricing.sampling(run, sweep, p.choice, p.cfgScale));
          budgets.forEach((budgetFlops, m) => {
            for (const w of weights) {
              // the trained model an eval or inference unit reads, and the records it needs
              const evaluatedModel = { ...shared, seed, milestone: m, budgetFlops, weights: w };
              const id = unitIds.evaluation(key, m, w);
              add(
                {
                  id,
                  kind: 'eval',
                  dependsOn: evaluationDeps,
                  config: {
                    ...evaluatedModel,
                    sampler: sampling.default,
                    cfgScale: sampling.cfgScale,
                    evaluation: {
                      n,
                      batchSize: evaluation.batchSize,
                      promptSplit: evaluation.promptSplit,
                      gridSize: evaluation.gridSize,
                    },
                  },
                  flops: mul(addFlops(evalCost.perImage, flat(featurePerImage)), n),
                  summary: `evaluate ${objective.name} ${size.name} ${codec.name} s${seed} milestone ${m} (${w}) at N = ${n}`,
                },
                Math.ceil(n / evaluation.batchSize) * evalCost.sequentialEvals,
              );
              evaluated.push(id);
              const sweepHere =
                (evaluation.inferenceMilestones === 'all' || m === budgets.length - 1) &&
                (evaluation.inferenceSeeds === 'all' || seed === training.seeds[0]);
              if (!sweepHere || sweepPoints.length === 0 || (w === 'raw' && training.ema.enabled)) continue;
              const inferenceId = unitIds.inference(key, m, w);
              const timing = pointCosts.reduce(
                (sum, c) =>
                  addFlops(sum, mul(c.perImage, evaluation.latencyRepeats + evaluation.throughputBatch)),
                ZERO_FLOPS,
              );
              add(
                {
                  id: inferenceId,
                  kind: 'inference',
                  dependsOn: evaluationDeps,
                  config: {
                    ...evaluatedModel,
                    points: sweepPoints,
                    evaluation: {
                      n: nInference,
                      batchSize: evaluation.batchSize,
                      throughputBatch: evaluation.throughputBatch,
                      latencyRepeats: evaluation.latencyRepeats,
                      promptSplit: evaluation.promptSplit,
                    },
                  },
                  flops: addFlops(
                    timing,
                    pointCosts.reduce(
                      (sum, c) => addFlops(sum, mul(addFlops(c.perImage, flat(featurePerImage)), nInference)),
                      ZERO_FLOPS,
                    ),
                  ),
                  summary: `inference sweep of ${objective.name} ${size.name} ${codec.name} s${seed} milestone ${m} (${w}): ${sweepPoints.length} settings at N = ${nInference}`,
                },
                pointCosts.reduce(
                  (sum, c) =>
                    sum +
                    (Math.ceil(nInference / evaluation.batchSize) + evaluation.latencyRepeats + 1) *
                      c.sequentialEvals,
                  0,
                ),
              );
              evaluated.push(inferenceId);
            }
          });
        }
      }
    }
  }

  // 4. The report, from every record.
  add({
    id: unitIds.report(),
    kind: 'report',
    dependsOn: [...sweep.autoencoders.codecs.map((c) => unitIds.codec(c.name)), ...evaluated],
    config: { name: sweep.name },
    flops: ZERO_FLOPS,
    summary: 'write the HTML report',
  });
  return units;
}
