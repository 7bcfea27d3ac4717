/**
 * Runs one unit in this process: its handler does the work in `<runDir>/units/<id>/`, then the result is
 * wrapped in a manifest (git commit, config hash, backend, device, seeds, network hashes, time, FLOPs),
 * validated against the results schema and written atomically to `units/<id>/result.json`. A unit whose
 * `result.json` already exists for the same config is not run again.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FlopmatchError, writeJsonAtomic } from '@flopmatch/core';
import type { UnitSpec } from '../plan/unit-spec.js';
import { parseUnitRecord } from '../store/results-store.js';
import { RESULTS_FORMAT, RESULTS_VERSION, RUN_FILES, type UnitRecord } from '../store/schema.js';
import type { UnitHandlers, UnitProgress } from '../units/unit-handler.js';
import type { Provenance } from './provenance.js';
import { stableHash } from './stable-hash.js';

/** File a finished unit's record is written to, inside its folder. */
export const UNIT_RESULT_FILE = 'result.json';
const WALL_FILE = 'wall.json';

/** Options of `runUnit`. */
export interface RunUnitOptions {
  unit: UnitSpec;
  runDir: string;
  /** Records of the unit's dependencies. */
  dependencies: UnitRecord[];
  handlers: UnitHandlers;
  /** Backend and machine, for the manifest. */
  backend: string;
  device: string;
  provenance: Provenance;
  signal?: AbortSignal;
  onProgress?: (update: UnitProgress) => void;
  onLog?: (message: string) => void;
  /** Asked just before the result is written; false skips writing (e.g. the scheduler is gone). Default: always write. */
  mayCommit?: () => boolean;
}

/** Folder of a unit inside a run directory. */
export function unitDir(runDir: string, id: string): string {
  return join(runDir, RUN_FILES.units, id);
}

/** The finished record of `unit` in its folder, or undefined when it has none for this config. */
export async function readUnitResult(runDir: string, unit: UnitSpec): Promise<UnitRecord | undefined> {
  const path = join(unitDir(runDir, unit.id), UNIT_RESULT_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const record = parseUnitRecord(JSON.parse(text), path);
  return record.manifest.configHash === stableHash(unit.config) ? record : undefined;
}

async function priorWallSeconds(dir: string): Promise<number> {
  try {
    const { seconds } = JSON.parse(await readFile(join(dir, WALL_FILE), 'utf8')) as { seconds: number };
    return Number.isFinite(seconds) ? seconds : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs `unit` to completion and returns its record, or undefined when `signal` stopped it first (its
 * checkpoints stay in its folder for the next attempt).
 */
export async function runUnit(options: RunUnitOptions): Promise<UnitRecord | undefined> {
  const { unit, runDir } = options;
  const dir = unitDir(runDir, unit.id);
  await mkdir(dir, { recursive: true });
  const done = await readUnitResult(runDir, unit);
  if (done) return done;
  const handler = options.handlers[unit.kind];
  if (!handler) {
    throw new FlopmatchError(
      'E_UNIT',
      `no handler runs units of kind '${unit.kind}' (unit '${unit.id}')`,
      'register a handler for this kind',
    );
  }
  const signal = options.signal ?? new AbortController().signal;
  const before = await priorWallSeconds(dir);
  const startedAt = new Date();
  const t0 = performance.now();
  let lastWallWrite = t0;
  const elapsed = () => before + (performance.now() - t0) / 1000;
  const dependencies = new Map(options.dependencies.map((r) => [r.unit, r]));
  const output = await handler.run({
    unit,
    dir,
    runDir,
    dependencies,
    backend: options.backend,
    signal,
    progress: (update) => {
      options.onProgress?.(update);
      const now = performance.now();
      if (now - lastWallWrite > 5000) {
        lastWallWrite = now;
        void writeJsonAtomic(join(dir, WALL_FILE), { seconds: elapsed() }).catch(() => {});
      }
    },
    log: (message) => options.onLog?.(message),
  } as Parameters<typeof handler.run>[0]);
  await writeJsonAtomic(join(dir, WALL_FILE), { seconds: elapsed() });
  if (signal.aborted) return undefined;
  const record = parseUnitRecord(
    {
      format: RESULTS_FORMAT,
      version: RESULTS_VERSION,
      unit: unit.id,
      kind: unit.kind,
      dependsOn: [...unit.dependsOn],
      manifest: {
        gitCommit: options.provenance.gitCommit,
        gitDirty: options.provenance.gitDirty,
        configHash: stableHash(unit.config),
        config: unit.config,
        backend: options.backend,
        device: options.device,
        seeds: output.seeds,
        ...(output.evalNetHash ? { evalNetHash: output.evalNetHash } : {}),
        ...(output.codecHash ? { codecHash: output.codecHash } : {}),
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        wallSeconds: elapsed(),
        flops: { model: output.flops.model, executed: output.flops.executed },
      },
      result: output.result,
    },
    `result of unit '${unit.id}'`,
  );
  if (options.mayCommit && !options.mayCommit()) return undefined;
  await writeJsonAtomic(join(dir, UNIT_RESULT_FILE), record);
  return record;
}
