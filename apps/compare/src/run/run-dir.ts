/**
 * A run directory's identity: `run.json` records the sweep it holds. Rerunning the same sweep into it
 * resumes; a different sweep is refused, naming the first field that differs, so results of two sweeps
 * never mix in one store.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileFormatError, FlopmatchError, writeJsonAtomic } from '@flopmatch/core';
import { RESULTS_VERSION, RUN_FILES, type RunInfo, RunInfoSchema } from '../store/schema.js';
import type { Sweep } from '../sweep/sweep-schema.js';
import type { Provenance } from './provenance.js';
import { firstDifference, stableHash } from './stable-hash.js';

/** `run.json` of `dir`, or undefined when the directory holds no run. */
export async function readRunInfo(dir: string): Promise<RunInfo | undefined> {
  const path = join(dir, RUN_FILES.run);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = RunInfoSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new FileFormatError(
      path,
      `not a valid run.json: ${parsed.error.issues[0]?.message}`,
      'use a new --out directory',
    );
  return parsed.data;
}

/** Throws when `dir` holds a run of another sweep; returns its `run.json` (or undefined for a new directory). */
export async function checkRunDir(dir: string, sweep: Sweep): Promise<RunInfo | undefined> {
  const info = await readRunInfo(dir);
  if (info && info.sweepHash !== stableHash(sweep)) {
    const at = firstDifference(info.sweep, sweep) ?? '(root)';
    throw new FlopmatchError(
      'E_CONFIG',
      `${dir} holds a run of a different sweep (first difference at '${at}')`,
      'rerun with the same sweep to resume, or pass a new --out directory',
    );
  }
  return info;
}

/** Options of `openRunDir`. */
export interface OpenRunDirOptions {
  dir: string;
  sweep: Sweep;
  preset: string | undefined;
  backend: string;
  device: string;
  provenance: Provenance;
}

/** Creates the run directory and its `run.json`, or checks an existing one holds the same sweep. */
export async function openRunDir(options: OpenRunDirOptions): Promise<RunInfo> {
  const existing = await checkRunDir(options.dir, options.sweep);
  if (existing) return existing;
  await mkdir(join(options.dir, RUN_FILES.units), { recursive: true });
  const info: RunInfo = {
    format: 'flopmatch-run',
    version: RESULTS_VERSION,
    preset: options.preset ?? 'custom',
    sweep: JSON.parse(JSON.stringify(options.sweep)),
    sweepHash: stableHash(options.sweep),
    created: new Date().toISOString(),
    gitCommit: options.provenance.gitCommit,
    backend: options.backend,
    device: options.device,
    timeBudgetSeconds: options.sweep.timeBudgetSeconds,
  };
  await writeJsonAtomic(join(options.dir, RUN_FILES.run), info);
  return info;
}
