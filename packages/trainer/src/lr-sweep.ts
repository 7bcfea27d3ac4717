/**
 * Picking an objective's learning rate: a few log-spaced rates, each trained from the same initial weights
 * on the same data order for the same short FLOP budget (one milestone at the full budget, the run's
 * schedule), and the rate with the lowest final smoothed training loss wins. A rate whose run diverges
 * (NaN/Inf, stopped by the loop) loses and is reported as diverged. The sweep's own cost, every run's FLOPs
 * including the steps a diverged run took, is reported so it can be added to the comparison's ledger.
 */
import { join } from 'node:path';
import {
  addFlops,
  type FlopCount,
  NonFiniteError,
  type Objective,
  scaleFlops,
  writeJsonAtomic,
  ZERO_FLOPS,
} from '@flopmatch/core';
import { TrainerError } from './errors.js';
import { type TrainGeneratorOptions, trainGenerator } from './train-generator.js';
import type { TrainerConfigInput } from './trainer-config.js';

/** Options of `sweepLearningRate`: a `trainGenerator` run per rate, minus what the sweep sets itself. */
export interface SweepLearningRateOptions
  extends Omit<TrainGeneratorOptions, 'objective' | 'optimizer' | 'milestones' | 'emas' | 'log'> {
  /** Rates to try (at least 2), e.g. `logSpaced(1e-4, 1e-2, 5)`. */
  rates: number[];
  /**
   * Builds a fresh objective for each rate (build it from the same seed so every rate starts from the same
   * weights). The sweep disposes its variables after its run.
   */
  objective: () => Objective | Promise<Objective>;
  /** Optimizer settings besides the rate. Default: `TrainerConfig` defaults. */
  optimizer?: Omit<TrainerConfigInput['optimizer'], 'lr'>;
  /** Called after each rate's run. */
  log?: (run: SweepRun) => void;
}

/** One rate's run. */
export interface SweepRun {
  rate: number;
  /** Its run directory (`<dir>/lr-<rate>`). */
  dir: string;
  /** Mean training loss over the run's last `lossWindow` share of steps; Infinity when it diverged. */
  finalLoss: number;
  diverged: boolean;
  /** The step whose loss or gradient was NaN/Inf, when it diverged. */
  divergedAtStep?: number;
  /** FLOPs the run spent (a diverged run: up to and including the bad step). */
  flops: FlopCount;
}

/** What a sweep found. */
export interface LearningRateSweep {
  /** The winning rate (lowest finalLoss); undefined only if the sweep was aborted. */
  best: number | undefined;
  runs: SweepRun[];
  /** Σ of every run's FLOPs: the sweep's cost. */
  flops: FlopCount;
  stoppedBy: 'complete' | 'signal';
}

/**
 * Runs one short training per rate and picks the rate with the lowest final smoothed loss. Results go to
 * `<dir>/sweep.json`; rerunning resumes unfinished rates and reuses finished ones.
 *
 * @example
 * const sweep = await sweepLearningRate({
 *   rates: logSpaced(1e-4, 1e-2, 5), objective: () => buildObjective(config), data: latents, tokenizer,
 *   dir: 'runs/flow-lr', budgetFlops: 1e12, batchSize: 32, promptLength: 16,
 * });
 * console.log(sweep.best, sweep.flops.model);
 */
export async function sweepLearningRate(options: SweepLearningRateOptions): Promise<LearningRateSweep> {
  const { rates, objective: build, optimizer, log, dir, ...rest } = options;
  if (!Array.isArray(rates) || rates.length < 2 || !rates.every((r) => r > 0 && Number.isFinite(r))) {
    throw new TrainerError(
      `sweep rates ${JSON.stringify(rates)} are invalid`,
      'give at least 2 positive learning rates',
    );
  }
  const runs: SweepRun[] = [];
  let stoppedBy: LearningRateSweep['stoppedBy'] = 'complete';
  for (const rate of rates) {
    const objective = await build();
    const runDir = join(dir, `lr-${rate}`);
    const perExample = objective.trainingFlopsPerExample();
    let run: SweepRun;
    try {
      const result = await trainGenerator({
        ...rest,
        objective,
        dir: runDir,
        optimizer: { ...optimizer, lr: rate },
        milestones: [1],
        emas: [],
      });
      if (result.stoppedBy === 'signal') {
        stoppedBy = 'signal';
        break;
      }
      const m = result.milestones[0]!;
      run = { rate, dir: runDir, finalLoss: m.finalLoss, diverged: false, flops: m.charged };
    } catch (error) {
      if (!(error instanceof NonFiniteError)) throw error;
      run = {
        rate,
        dir: runDir,
        finalLoss: Number.POSITIVE_INFINITY,
        diverged: true,
        divergedAtStep: error.step,
        flops: scaleFlops(perExample, error.step * options.batchSize),
      };
    } finally {
      for (const v of objective.namedVariables().values()) v.dispose();
    }
    runs.push(run);
    log?.(run);
  }
  const finite = runs.filter((r) => !r.diverged);
  if (stoppedBy === 'complete' && finite.length === 0) {
    throw new TrainerError(
      `every rate diverged (${rates.join(', ')})`,
      'sweep smaller rates, or lower optimizer.maxGradNorm',
    );
  }
  const best = finite.reduce<SweepRun | undefined>(
    (a, r) => (a === undefined || r.finalLoss < a.finalLoss ? r : a),
    undefined,
  );
  const sweep: LearningRateSweep = {
    best: stoppedBy === 'complete' ? best?.rate : undefined,
    runs,
    flops: runs.reduce((a, r) => addFlops(a, r.flops), ZERO_FLOPS),
    stoppedBy,
  };
  await writeJsonAtomic(join(dir, 'sweep.json'), {
    ...sweep,
    runs: runs.map((r) => ({ ...r, finalLoss: r.diverged ? null : r.finalLoss })),
  });
  return sweep;
}
