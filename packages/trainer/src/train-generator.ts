/**
 * `trainGenerator`: trains one objective to a FLOP budget with core's `runTraining`, and saves a model at
 * every milestone (budget point) of the run.
 *
 * Algorithm (WSD, arXiv:2405.18392 §3; see `milestone-plan.ts` for the FLOPs each milestone is charged):
 *   1. Validate the config; price a step from the ledger (F = trainingFlopsPerExample × batch); plan the
 *      milestones (Nᵢ, sᵢ, cᵢ).
 *   2. For each milestone i in order, unless `milestones/<id>/milestone.json` exists already:
 *      a. run (or resume) the main run at the stable rate up to step sᵢ (`<dir>/main`);
 *      b. copy the main run's checkpoint at sᵢ (weights, AdamW moments, EMAs, random stream, data position)
 *         into `milestones/<id>/checkpoints` as the branch's starting point;
 *      c. run the branch from there to Nᵢ with the decaying rate: `runTraining` resumes it from that copy,
 *         so its FLOP counter starts at sᵢ·F and ends at Nᵢ·F, the FLOPs charged to the milestone;
 *      d. keep only the branch's final checkpoint, write `milestone.json`.
 *      The next main segment resumes the main run from its own checkpoint, untouched by the branch.
 *   3. Write `summary.json`.
 * With `schedule.kind: 'cosine'`, step 2 instead runs every milestone from the initial weights with its own
 * warmup + cosine schedule (one run per budget). Rerunning on the same directory resumes wherever the
 * previous process stopped (killed, aborted or finished) with bitwise the same result on a deterministic
 * backend.
 */
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  firstDifference,
  type LatentDataset,
  listCheckpoints,
  loadCheckpoint,
  type Objective,
  type PromptTokenizer,
  pruneCheckpoints,
  Rng,
  type RunTrainingOptions,
  readJsonl,
  runTraining,
  type StepRecord,
  saveCheckpoint,
  type TrainingProgress,
  writeJsonAtomic,
} from '@flopmatch/core';
import { TrainerError } from './errors.js';
import { GeneratorTask } from './generator-task.js';
import { phaseLearningRate } from './learning-rate.js';
import { type MilestonePlan, type PlannedMilestone, planMilestones } from './milestone-plan.js';
import {
  MILESTONE_FILE,
  type MilestoneResult,
  mainRunDir,
  milestoneDir,
  milestoneFileContent,
  readMilestone,
} from './milestone-store.js';
import {
  parseTrainerConfig,
  resolveEmas,
  type TrainerConfig,
  type TrainerConfigInput,
} from './trainer-config.js';

/** What `trainGenerator` reports while it runs (the `log` option). */
export type TrainerEvent =
  | { kind: 'plan'; plan: MilestonePlan }
  | { kind: 'step'; phase: string; progress: TrainingProgress }
  | { kind: 'milestone'; milestone: MilestoneResult };

/** Options of `trainGenerator`: the serialisable `TrainerConfig` fields plus the runtime-only components. */
export interface TrainGeneratorOptions extends TrainerConfigInput {
  /** The objective to train, freshly built: its current weights are the initialisation. */
  objective: Objective;
  /** The latent cache to train on (continuous for flow, discrete for token objectives). */
  data: LatentDataset;
  /** Encodes each example's caption into `promptLength` conditioning ids. */
  tokenizer: PromptTokenizer;
  /** Run directory (created if needed; a directory holding this run resumes it). */
  dir: string;
  /** Called with the plan, after every step and at every finished milestone. Throwing from it stops the run. */
  log?: (event: TrainerEvent) => void;
  /** Abort to stop after the current step; the state is checkpointed and a rerun resumes it. */
  signal?: AbortSignal;
  /** Parameter names excluded from weight decay. Default: every parameter of rank < 2. */
  noDecay?: Iterable<string>;
}

/** How a `trainGenerator` call ended. */
export interface TrainGeneratorResult {
  /** `budget`: every milestone is finished; `signal`: aborted (rerun to resume). */
  stoppedBy: 'budget' | 'signal';
  config: TrainerConfig;
  plan: MilestonePlan;
  /** Finished milestones, in plan order. */
  milestones: MilestoneResult[];
  /** The config saved in every checkpoint (trainer config, objective, data, FLOPs per step). */
  runConfig: Record<string, unknown>;
}

const RUNTIME_KEYS = ['objective', 'data', 'tokenizer', 'dir', 'log', 'signal', 'noDecay'] as const;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function stepLosses(dir: string): Promise<StepRecord[]> {
  const path = join(dir, 'log.jsonl');
  if (!(await exists(path))) return [];
  return (await readJsonl<StepRecord>(path)).records;
}

/**
 * Trains `objective` to `budgetFlops` and saves a model at every milestone. See the module comment for the
 * algorithm and `planMilestones` for the FLOPs each milestone is charged.
 *
 * @example
 * const result = await trainGenerator({
 *   objective, data: latents, tokenizer, dir: 'runs/flow-s', budgetFlops: 2e13, batchSize: 64, promptLength: 16,
 *   optimizer: { lr: 3e-4 }, milestones: [0.125, 0.25, 0.5, 1], emas: [0.05, 0.1, 0.2],
 * });
 * result.milestones.map((m) => [m.id, m.charged.model, m.finalLoss]);
 */
export async function trainGenerator(options: TrainGeneratorOptions): Promise<TrainGeneratorResult> {
  // 1. Config, FLOPs per step, plan.
  const raw: Record<string, unknown> = { ...options };
  for (const key of RUNTIME_KEYS) delete raw[key];
  const config = parseTrainerConfig(raw);
  const { objective, data, tokenizer, dir } = options;
  const emas = resolveEmas(config);
  const task = new GeneratorTask({
    objective,
    data,
    tokenizer,
    config,
    emas,
    ...(options.noDecay ? { noDecay: options.noDecay } : {}),
  });
  try {
    const plan = planMilestones({
      budgetFlops: config.budgetFlops,
      stepFlops: task.stepFlops,
      fractions: config.milestones,
      schedule: config.schedule.kind,
      cooldownFraction: config.schedule.kind === 'wsd' ? config.schedule.cooldownFraction : 0,
      warmupSteps: config.schedule.warmupSteps,
    });
    const runConfig = {
      trainer: config,
      objective: { id: objective.id, config: objective.config },
      data: { kind: data.kind, latentShape: data.latentShape, size: data.size, codecHash: data.codecHash },
      tokenizer: { vocabSize: tokenizer.vocabSize, special: tokenizer.special },
      stepFlops: task.stepFlops,
    };
    options.log?.({ kind: 'plan', plan });
    await mkdir(dir, { recursive: true });
    const initial = config.schedule.kind === 'cosine' ? task.state() : undefined;
    const last = plan.milestones.at(-1)!;
    const results: MilestoneResult[] = [];

    const loop = (
      phase: string,
      runDir: string,
      steps: number,
      runCfg: unknown,
    ): Promise<Awaited<ReturnType<typeof runTraining>>> => {
      const opts: RunTrainingOptions = {
        dir: runDir,
        task,
        budget: { steps },
        seed: config.seed,
        config: runCfg,
        keepLast: 2,
        ...(config.checkpointEverySteps ? { checkpointEvery: { steps: config.checkpointEverySteps } } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (progress) => options.log?.({ kind: 'step', phase, progress }),
      };
      return runTraining(opts);
    };

    for (const m of plan.milestones) {
      const mdir = milestoneDir(dir, m.id);
      const branchConfig = { ...runConfig, milestone: m };
      const done = await readMilestone(dir, m.id);
      if (done) {
        const diff = firstDifference(done.config, JSON.parse(JSON.stringify(branchConfig)));
        if (diff !== undefined) {
          throw new TrainerError(
            `${join(mdir, MILESTONE_FILE)} was trained with a different config (first difference at '${diff}')`,
            'rerun with the same config, or start the new config in a new directory',
          );
        }
        results.push(done.result);
        continue;
      }
      const branchRoot = join(mdir, 'checkpoints');
      if ((await listCheckpoints(branchRoot)).length === 0) {
        if (config.schedule.kind === 'wsd') {
          // 2a. The main run up to the branch step, at the stable rate.
          task.setPhase({
            id: 'main',
            lrAt: (s) => phaseLearningRate(s, config, last),
            emaRunSteps: last.steps,
          });
          const main = await loop('main', mainRunDir(dir), m.branchStep, runConfig);
          if (main.stoppedBy === 'signal') return finish('signal');
          // 2b. Its checkpoint at the branch step seeds the branch.
          await seedBranch(
            join(mainRunDir(dir), 'checkpoints', `step-${m.branchStep}`),
            branchRoot,
            branchConfig,
            m,
          );
        } else {
          await saveCheckpoint(branchRoot, {
            step: 0,
            flops: { model: 0, executed: 0 },
            tensors: initial!.tensors,
            config: branchConfig,
            rng: new Rng(config.seed).state(),
            data: initial!.data,
            state: initial!.json,
          });
        }
      }
      // 2c. The branch (WSD cooldown) or the whole run (cosine) of this milestone.
      task.setPhase({
        id: m.id,
        lrAt: (s) => phaseLearningRate(s, config, m),
        emaRunSteps: config.schedule.kind === 'wsd' ? last.steps : m.steps,
        describe: { milestone: { ...m, schedule: config.schedule.kind } },
      });
      const branch = await loop(m.id, mdir, m.steps, branchConfig);
      if (branch.stoppedBy === 'signal') return finish('signal');
      if (branch.step !== m.steps) {
        throw new TrainerError(
          `${mdir} ended at step ${branch.step}, expected ${m.steps}`,
          'delete the milestone directory and rerun',
        );
      }
      // 2d. Record it.
      await pruneCheckpoints(branchRoot, 1);
      const windowSteps = Math.max(1, Math.round(config.lossWindow * m.steps));
      const records = [
        ...(await stepLosses(mainRunDir(dir))).filter((r) => r.step <= m.branchStep),
        ...(await stepLosses(mdir)),
      ];
      const window = records.filter((r) => r.step > m.steps - windowSteps);
      const result: MilestoneResult = {
        ...m,
        charged: { ...branch.flops },
        checkpoint: branch.checkpoint,
        finalLoss: window.reduce((a, r) => a + r.loss, 0) / window.length,
        lossWindowSteps: windowSteps,
        emas: emas.map((e) => e.id),
      };
      await writeJsonAtomic(join(mdir, MILESTONE_FILE), milestoneFileContent(result, branchConfig, mdir));
      results.push(result);
      options.log?.({ kind: 'milestone', milestone: result });
    }
    return await finish('budget');

    async function finish(stoppedBy: TrainGeneratorResult['stoppedBy']): Promise<TrainGeneratorResult> {
      await writeJsonAtomic(join(dir, 'summary.json'), { stoppedBy, plan, milestones: results, runConfig });
      return { stoppedBy, config, plan, milestones: results, runConfig };
    }
  } finally {
    task.dispose();
  }
}

/** Copies the main run's checkpoint at the branch step into the branch's checkpoint root. */
async function seedBranch(from: string, root: string, config: unknown, m: PlannedMilestone): Promise<void> {
  if (!(await exists(join(from, 'manifest.json')))) {
    throw new TrainerError(
      `milestone ${m.id} branches at step ${m.branchStep}, but the main run's checkpoint ${from} is gone (pruned after the run moved on)`,
      'delete the run directory and train again, or restore that checkpoint',
    );
  }
  const ckpt = await loadCheckpoint(from);
  if (ckpt.step !== m.branchStep) {
    throw new TrainerError(
      `${from} is at step ${ckpt.step}, expected ${m.branchStep}`,
      'delete the run directory and train again',
    );
  }
  await saveCheckpoint(root, {
    step: ckpt.step,
    flops: ckpt.flops,
    tensors: ckpt.tensors,
    config,
    rng: ckpt.rng,
    data: ckpt.data,
    state: ckpt.state,
  });
}
