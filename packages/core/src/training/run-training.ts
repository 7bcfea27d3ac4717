/**
 * The one training loop of flopmatch. Every trainer (autoencoders, generators, evaluation networks)
 * runs through it, so budgets, checkpoints, resume, divergence checks, logs and progress behave the same
 * everywhere.
 *
 * Algorithm:
 *   1. Validate options. If `<dir>/checkpoints/latest` exists, restore the task, the random stream, the
 *      step and FLOP counters and the data position from it, and cut the log back to that step.
 *   2. Until the budget is reached (steps, or model FLOPs at a step boundary) or `signal` aborts:
 *      run one task step; charge its FLOPs; stop with `NonFiniteError` on a NaN/Inf loss or checked
 *      tensor; append the log record; report progress; checkpoint when a step or FLOP interval is crossed.
 *   3. Save a final checkpoint (unless the last step was just saved) and return.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { latestCheckpoint, listCheckpoints } from '../checkpoint/checkpoint-dir.js';
import { loadCheckpoint } from '../checkpoint/load-checkpoint.js';
import { saveCheckpoint } from '../checkpoint/save-checkpoint.js';
import { parseConfig } from '../config/parse-config.js';
import { firstDifference } from '../config/stable-json.js';
import { addFlops, type FlopCount } from '../contracts/flop-count.js';
import { FlopmatchError } from '../errors.js';
import { appendJsonl } from '../io/append-jsonl.js';
import { Rng } from '../rng/rng.js';
import { findNonFinite, NonFiniteError } from './non-finite.js';
import { estimateProgress, type TrainingProgress } from './progress.js';
import { type StepRecord, truncateStepLog } from './step-log.js';
import type { StepResult, TrainingBudget, TrainingTask } from './training-task.js';

/** Options of `runTraining`. */
export interface RunTrainingOptions {
  /** Run directory: checkpoints go to `<dir>/checkpoints/step-<n>/`, the step log to `<dir>/log.jsonl`. */
  dir: string;
  /** The job: one step, plus state save/restore. */
  task: TrainingTask;
  /** When to stop (at least one of `steps`, `flops`). Not part of the resume check, so a run can be extended. */
  budget: TrainingBudget;
  /** Seed of the run's `Rng` (a resumed run continues its saved stream instead). Default 0. */
  seed?: string | number;
  /** Checkpoint whenever this many steps, or this many model FLOPs, have passed since the run began. Default: only at the end. */
  checkpointEvery?: { steps?: number; flops?: number };
  /** Checkpoints kept in `<dir>/checkpoints` (newest first). Default 3. */
  keepLast?: number;
  /** The run's config (JSON), saved in every manifest; resuming with a different config is refused. Default null. */
  config?: unknown;
  /** Resume from `<dir>/checkpoints/latest` when it exists. Default true; false refuses a directory that holds checkpoints. */
  resume?: boolean;
  /** Write `<dir>/log.jsonl`. Default true. */
  log?: boolean;
  /** Called after every step. */
  onProgress?: (progress: TrainingProgress) => void;
  /** Abort to stop after the current step; the loop saves a checkpoint and returns `stoppedBy: 'signal'`. */
  signal?: AbortSignal;
  /** Clock in milliseconds (tests inject one). Default `performance.now`. */
  now?: () => number;
}

/** How a run ended. */
export interface TrainingResult {
  /** Steps completed. */
  step: number;
  /** FLOPs spent. */
  flops: FlopCount;
  stoppedBy: 'steps' | 'flops' | 'signal';
  /** The final checkpoint directory. */
  checkpoint: string;
  /** Step of the checkpoint this session resumed from; undefined for a fresh run. */
  resumedFrom: number | undefined;
}

const positive = z.number().positive();
const OptionsSchema = z
  .object({
    budget: z
      .object({ steps: positive.int().optional(), flops: positive.optional() })
      .strict()
      .refine((b) => b.steps !== undefined || b.flops !== undefined, {
        message: 'give budget.steps or budget.flops',
      }),
    checkpointEvery: z
      .object({ steps: positive.int().optional(), flops: positive.optional() })
      .strict()
      .default({}),
    keepLast: z.number().int().positive().default(3),
    seed: z.union([z.string(), z.number().int()]).default(0),
  })
  .strict();

function checkStepResult(result: StepResult, step: number): void {
  const f = result?.flops;
  if (typeof result?.loss !== 'number') {
    throw new FlopmatchError(
      'E_TRAINING',
      `task.step returned no numeric loss at step ${step}`,
      'return { loss, flops }',
    );
  }
  if (!f || !Number.isFinite(f.model) || !Number.isFinite(f.executed) || f.model < 0 || f.executed < 0) {
    throw new FlopmatchError(
      'E_TRAINING',
      `task.step returned flops ${JSON.stringify(f)} at step ${step}`,
      'return the FLOPs the step spent as { model, executed }, finite and ≥ 0 (from the FLOP ledger)',
    );
  }
}

/**
 * Runs (or resumes) a training job to its budget.
 *
 * @example
 * const result = await runTraining({
 *   dir: 'runs/vq', task, budget: { flops: 1e12 }, checkpointEvery: { flops: 1e11 },
 *   config, onProgress: (p) => console.log(p.step, p.loss, p.etaSeconds),
 * });
 */
export async function runTraining(options: RunTrainingOptions): Promise<TrainingResult> {
  // 1. Options, then fresh start or resume.
  const opts = parseConfig(
    OptionsSchema,
    {
      budget: options.budget,
      checkpointEvery: options.checkpointEvery,
      keepLast: options.keepLast,
      seed: options.seed,
    },
    'runTraining options',
  );
  const { task, dir } = options;
  const budget: TrainingBudget = { ...opts.budget };
  const every = opts.checkpointEvery;
  const now = options.now ?? (() => performance.now());
  const signal = options.signal ?? new AbortController().signal;
  const root = join(dir, 'checkpoints');
  const logPath = join(dir, 'log.jsonl');
  const writeLog = options.log ?? true;
  const config = options.config ?? null;
  await mkdir(dir, { recursive: true });

  let rng: Rng;
  let step = 0;
  let spent: FlopCount = { model: 0, executed: 0 };
  let lastGood: string | undefined;
  let resumedFrom: number | undefined;
  const latest = await latestCheckpoint(root);
  if (latest && options.resume === false) {
    throw new FlopmatchError(
      'E_CONFIG',
      `${dir} already holds checkpoints (latest: ${latest})`,
      'resume it, or use a new directory',
    );
  }
  if (latest) {
    const ckpt = await loadCheckpoint(latest);
    const diff = firstDifference(ckpt.config, config);
    if (diff !== undefined) {
      throw new FlopmatchError(
        'E_CONFIG',
        `${latest} was saved with a different config (first difference at '${diff}')`,
        'resume with the same config, or start the new config in a new directory',
      );
    }
    if (!ckpt.rng) throw new FlopmatchError('E_TRAINING', `${latest} has no random state to resume from`);
    await task.restore({ tensors: ckpt.tensors, json: ckpt.state, data: ckpt.data });
    rng = Rng.restore(ckpt.rng);
    step = ckpt.step;
    spent = { ...ckpt.flops };
    lastGood = latest;
    resumedFrom = ckpt.step;
    if (writeLog) await truncateStepLog(logPath, step);
  } else {
    if ((await listCheckpoints(root)).length > 0) {
      throw new FlopmatchError(
        'E_TRAINING',
        `${root} holds checkpoints but no 'latest' file`,
        'write the step to resume into latest, or use a new directory',
      );
    }
    rng = new Rng(opts.seed);
    if (writeLog && (await stat(logPath).catch(() => undefined))) await rm(logPath); // a run killed before its first checkpoint
  }

  const save = async () => {
    const state = await task.state();
    const saved = await saveCheckpoint(
      root,
      {
        step,
        flops: spent,
        tensors: state.tensors,
        config,
        rng: rng.state(),
        data: state.data ?? null,
        state: state.json,
      },
      { keepLast: opts.keepLast },
    );
    lastGood = saved.path;
  };

  const reached = (): TrainingResult['stoppedBy'] | undefined => {
    if (budget.steps !== undefined && step >= budget.steps) return 'steps';
    if (budget.flops !== undefined && spent.model >= budget.flops) return 'flops';
    return signal.aborted ? 'signal' : undefined;
  };

  // 2. Steps.
  const session = { start: now(), step, flops: spent.model };
  let savedAt = resumedFrom;
  let stoppedBy = reached();
  while (stoppedBy === undefined) {
    const t0 = now();
    const result = await task.step({ step, rng, spent: { ...spent }, budget, signal });
    const t1 = now();
    const before = spent;
    step += 1;
    checkStepResult(result, step);
    spent = addFlops(spent, result.flops);

    const bad = Number.isFinite(result.loss) ? undefined : (['loss', `is ${result.loss}`] as const);
    const badTensor = Object.entries(result.tensorsToCheck ?? {})
      .map(([name, t]) => [name, findNonFinite(t)] as const)
      .find(([, found]) => found !== undefined);
    const problem = bad ?? badTensor;
    if (problem) throw new NonFiniteError(step, problem[0], problem[1]!, lastGood);

    if (writeLog) {
      const record: StepRecord = {
        step,
        loss: result.loss,
        flops: spent,
        ...(result.lr !== undefined ? { lr: result.lr } : {}),
        ...(result.metrics ? { metrics: result.metrics } : {}),
        wallMs: t1 - t0,
        time: new Date().toISOString(),
      };
      await appendJsonl(logPath, record);
    }

    const dueBySteps = every.steps !== undefined && step % every.steps === 0;
    const dueByFlops =
      every.flops !== undefined &&
      Math.floor(spent.model / every.flops) > Math.floor(before.model / every.flops);
    if (dueBySteps || dueByFlops) {
      await save();
      savedAt = step;
    }

    if (options.onProgress) {
      const sessionSeconds = (now() - session.start) / 1000;
      options.onProgress({
        step,
        spent: { ...spent },
        budget,
        loss: result.loss,
        ...(result.lr !== undefined ? { lr: result.lr } : {}),
        ...(result.metrics ? { metrics: result.metrics } : {}),
        ...estimateProgress({
          step,
          spent,
          budget,
          sessionSteps: step - session.step,
          sessionFlops: spent.model - session.flops,
          sessionSeconds,
        }),
        elapsedSeconds: sessionSeconds,
      });
    }
    stoppedBy = reached();
  }

  // 3. Final checkpoint.
  if (savedAt !== step || !lastGood) await save();
  return { step, flops: spent, stoppedBy, checkpoint: lastGood!, resumedFrom };
}
