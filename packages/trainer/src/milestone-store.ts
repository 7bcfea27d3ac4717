/**
 * Where a run keeps its milestones, and reading them back for evaluation:
 *
 *   <dir>/summary.json                         the plan, every finished milestone, the run's FLOPs
 *   <dir>/main/                                WSD main run: log.jsonl, checkpoints/ (for resume)
 *   <dir>/milestones/<id>/milestone.json       written last: the milestone is complete
 *   <dir>/milestones/<id>/log.jsonl            its own steps (the cooldown, or its whole cosine run)
 *   <dir>/milestones/<id>/checkpoints/step-N/  model (raw), optimizer, one file per EMA, manifest.json
 *
 * The checkpoint manifest's `flops` are the FLOPs charged to the milestone and its `state.milestone` names it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  FileFormatError,
  type FlopCount,
  type HostArray,
  loadCheckpoint,
  NotFoundError,
} from '@flopmatch/core';
import { z } from 'zod';
import type { PlannedMilestone } from './milestone-plan.js';

/** `milestone.json`'s `format`. */
export const MILESTONE_FORMAT = 'flopmatch-milestone';
/** File that marks a milestone complete. */
export const MILESTONE_FILE = 'milestone.json';

/** Directory of the WSD main run. */
export function mainRunDir(dir: string): string {
  return join(dir, 'main');
}

/** Directory of milestone `id`. */
export function milestoneDir(dir: string, id: string): string {
  return join(dir, 'milestones', id);
}

/** A finished milestone, as `milestone.json` records it. */
export interface MilestoneResult extends PlannedMilestone {
  /** Its final checkpoint directory, absolute. */
  checkpoint: string;
  /** Mean training loss over its last `lossWindowSteps` steps. */
  finalLoss: number;
  /** Steps averaged into `finalLoss`: max(1, round(lossWindow·N)). */
  lossWindowSteps: number;
  /** Ids of the EMA weight files saved beside the raw weights. */
  emas: string[];
}

const flopCount = z.object({ model: z.number(), executed: z.number() });
const MilestoneFileSchema = z.object({
  format: z.literal(MILESTONE_FORMAT),
  version: z.literal(1),
  id: z.string(),
  fraction: z.number(),
  targetFlops: z.number(),
  steps: z.number().int(),
  branchStep: z.number().int(),
  ownSteps: z.number().int(),
  charged: flopCount,
  checkpoint: z.string(),
  finalLoss: z.number(),
  lossWindowSteps: z.number().int(),
  emas: z.array(z.string()),
  config: z.json(),
});

/** The JSON written to `milestone.json`: the result (checkpoint relative to the milestone dir) and the run config. */
export function milestoneFileContent(result: MilestoneResult, config: unknown, dir: string): unknown {
  const relative = result.checkpoint.startsWith(`${dir}/`)
    ? result.checkpoint.slice(dir.length + 1)
    : result.checkpoint;
  return { format: MILESTONE_FORMAT, version: 1, ...result, checkpoint: relative, config };
}

/**
 * Reads `<dir>/milestones/<id>/milestone.json`; undefined when the milestone has not finished. A corrupt file
 * throws `FileFormatError` naming it.
 */
export async function readMilestone(
  dir: string,
  id: string,
): Promise<{ result: MilestoneResult; config: unknown } | undefined> {
  const mdir = milestoneDir(dir, id);
  const path = join(mdir, MILESTONE_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: z.infer<typeof MilestoneFileSchema>;
  try {
    parsed = MilestoneFileSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new FileFormatError(
      path,
      `not a valid milestone record (${(error as Error).message.split('\n')[0]})`,
      'delete the milestone directory to retrain it',
    );
  }
  const { format: _f, version: _v, config, ...result } = parsed;
  return { result: { ...result, checkpoint: join(mdir, result.checkpoint) }, config };
}

/** A milestone's weights for evaluation. */
export interface MilestoneWeights {
  result: MilestoneResult;
  /** The raw (un-averaged) weights by parameter name. */
  raw: Record<string, HostArray>;
  /** Each EMA's weights by EMA id, then parameter name. */
  emas: Record<string, Record<string, HostArray>>;
  /** FLOPs charged, as the checkpoint manifest records them. */
  flops: FlopCount;
}

/**
 * Loads the raw and EMA weights of finished milestone `id` of the run in `dir` (sha256-verified; the
 * optimizer state is not read). Load them into a model with `assignHostMap(objective.namedVariables(), w.raw, …)`.
 *
 * @example
 * const w = await loadMilestone('runs/flow-s', 'milestone-0.25');
 * assignHostMap(objective.namedVariables(), w.emas['ema-0.1']!, 'ema-0.1');
 */
export async function loadMilestone(dir: string, id: string): Promise<MilestoneWeights> {
  const found = await readMilestone(dir, id);
  if (!found) {
    throw new NotFoundError(
      join(milestoneDir(dir, id), MILESTONE_FILE),
      `milestone '${id}'`,
      'finish the run first (rerun trainGenerator on this directory)',
    );
  }
  const { result } = found;
  const ckpt = await loadCheckpoint(result.checkpoint, { files: ['model', ...result.emas] });
  const { model, ...rest } = ckpt.tensors;
  return { result, raw: model!, emas: rest, flops: ckpt.flops };
}
