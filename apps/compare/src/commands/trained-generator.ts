/**
 * Finds a trained generator from a path inside a `flopmatch compare` run: a train unit's folder
 * (`runs/demo/units/train.flow.fm-xs.vae.s0`) or any checkpoint inside it (a milestone's
 * `…/milestones/<id>/checkpoints/step-N`). The run directory holds everything needed to rebuild it: the
 * unit's config and milestones (results store), the codec, the prompt tokenizer and the sweep's samplers.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { NotFoundError, UsageError } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import type { ComponentRegistries } from '../registries/components.js';
import { readRunInfo } from '../run/run-dir.js';
import { readResults } from '../store/results-store.js';
import { RUN_FILES, type UnitRecord, type UnitRecordOf } from '../store/schema.js';
import { type Sweep, SweepSchema } from '../sweep/sweep-schema.js';
import type { TrainUnitConfig } from '../units/train-unit.js';
import { loadTrainedModel, type TrainedModel } from '../units/trained-model.js';
import { fromRun, unitRegistries } from '../units/unit-support.js';

/** A trained generator's records. */
export interface TrainedGeneratorRecords {
  runDir: string;
  sweep: Sweep;
  records: UnitRecord[];
  train: UnitRecordOf<'train'>;
  codec: UnitRecordOf<'codec'>;
  evalNets: UnitRecordOf<'eval-nets'> | undefined;
  config: TrainUnitConfig;
  /** Index of the milestone the path names (or `milestone`, or the last). */
  milestone: number;
}

/** Finds the generator `checkpoint` points at; `milestone` picks one when the path names none. */
export async function findTrainedGenerator(
  checkpoint: string,
  cwd: string,
  milestone?: number,
): Promise<TrainedGeneratorRecords> {
  const path = resolve(cwd, checkpoint);
  if (!existsSync(path))
    throw new NotFoundError(
      path,
      'checkpoint',
      'pass a train unit folder of a compare run, e.g. runs/demo/units/train.flow.fm-xs.vae.s0',
    );
  let unitFolder = path;
  while (
    basename(dirname(unitFolder)) !== RUN_FILES.units ||
    !existsSync(join(dirname(dirname(unitFolder)), RUN_FILES.run))
  ) {
    const up = dirname(unitFolder);
    if (up === unitFolder)
      throw new UsageError(
        `${path} is not inside a flopmatch compare run`,
        'pass a folder under <run>/units/train.*',
      );
    unitFolder = up;
  }
  const runDir = dirname(dirname(unitFolder));
  const info = await readRunInfo(runDir);
  const sweep = SweepSchema.parse(info?.sweep);
  const records = await readResults(runDir);
  const id = basename(unitFolder);
  const train = records.find((r): r is UnitRecordOf<'train'> => r.unit === id && r.kind === 'train');
  if (!train) {
    throw new NotFoundError(
      unitFolder,
      `a finished train unit '${id}'`,
      `finish the run first (flopmatch compare --out ${runDir}) or pass a train.* folder`,
    );
  }
  const codec = records.find(
    (r): r is UnitRecordOf<'codec'> => r.kind === 'codec' && r.result.name === train.result.codec,
  );
  if (!codec) throw new NotFoundError(runDir, `the codec record of '${train.result.codec}'`);
  const evalNets = records.find((r): r is UnitRecordOf<'eval-nets'> => r.kind === 'eval-nets');
  // A path inside `<unit>/milestones/<id>/` names that milestone (its checkpoint is `…/checkpoints/step-N`).
  const named = train.result.milestones.findIndex((m) => {
    const folder = dirname(dirname(fromRun(runDir, m.checkpoint)));
    return path === folder || path.startsWith(`${folder}/`);
  });
  const last = train.result.milestones.length - 1;
  const index = named >= 0 ? named : (milestone ?? last);
  if (!Number.isInteger(index) || index < 0 || index > last)
    throw new UsageError(`--milestone ${milestone} does not exist`, `use 0 … ${last}`);
  return {
    runDir,
    sweep,
    records,
    train,
    codec,
    evalNets,
    config: train.manifest.config as unknown as TrainUnitConfig,
    milestone: index,
  };
}

/** A whole number ≥ 0 from a flag, `fallback` when absent; a UsageError naming `--flag` otherwise. */
export function wholeFlag(value: unknown, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--${flag} must be a whole number ≥ 0, got '${String(value)}'`);
  return n;
}

/** The flags `openTrainedGenerator` reads besides `--checkpoint`: which milestone and which weights. */
export const GENERATOR_SELECTION_FLAGS = {
  milestone: {
    type: 'string',
    description: 'milestone index (default: the one in the path, else the last)',
  },
  weights: { type: 'string', description: 'raw or ema (default ema when the run kept one)' },
} as const;

/** What `openTrainedGenerator` returns: the records, the runtime, registries and weights, and a loader. */
export interface OpenedGenerator {
  found: TrainedGeneratorRecords;
  /** The backend `initRuntime` started (the run's sweep names it). */
  backend: string;
  registries: ComponentRegistries;
  weights: 'raw' | 'ema';
  /** Loads the generator's objective at the chosen milestone and weights, with its codec. */
  load(): Promise<TrainedModel>;
}

/**
 * What `flopmatch eval` and `flopmatch sample` both start with: `--checkpoint` (required), `--milestone`,
 * `--weights` (default `ema` when the run kept EMA weights) read from `values`, the runtime of the run's
 * backend and its registries (plugins included).
 */
export async function openTrainedGenerator(
  command: string,
  values: Record<string, unknown>,
  cwd: string,
): Promise<OpenedGenerator> {
  if (typeof values.checkpoint !== 'string')
    throw new UsageError(
      `${command} needs --checkpoint`,
      'pass a train unit folder, e.g. runs/demo/units/train.flow.fm-xs.vae.s0',
    );
  const found = await findTrainedGenerator(
    values.checkpoint,
    cwd,
    values.milestone === undefined ? undefined : wholeFlag(values.milestone, 'milestone', 0),
  );
  const runtime = await initRuntime({ backend: found.sweep.backend });
  const registries = await unitRegistries(found.config.plugins);
  const weights =
    values.weights === undefined ? (found.train.result.ema ? 'ema' : 'raw') : String(values.weights);
  if (weights !== 'raw' && weights !== 'ema')
    throw new UsageError(`--weights must be raw or ema, got '${weights}'`);
  return {
    found,
    backend: runtime.backend,
    registries,
    weights,
    load: () =>
      loadTrainedModel({
        runDir: found.runDir,
        registries,
        config: found.config,
        train: found.train,
        codec: found.codec,
        milestone: found.milestone,
        weights,
      }),
  };
}
