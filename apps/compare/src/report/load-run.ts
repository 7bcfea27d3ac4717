/**
 * Reads what the report is built from: `run.json` (optional: a run killed before writing it still has
 * results) and every record of `results.jsonl`, validated by the results-store schema.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FileFormatError, NotFoundError } from '@flopmatch/core';
import { readResults } from '../store/results-store.js';
import { RUN_FILES, type RunInfo, RunInfoSchema, type UnitRecord } from '../store/schema.js';

/** A run directory's contents, as the report reads them. */
export interface RunData {
  /** The run directory. */
  runDir: string;
  /** `run.json`, or undefined when the run has none. */
  info: RunInfo | undefined;
  /** Every finished unit's record, in the order written. */
  records: UnitRecord[];
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Reads `run.json` and `results.jsonl` of `runDir`; errors name the file and what to do. */
export async function loadRun(runDir: string): Promise<RunData> {
  if (!(await exists(runDir)))
    throw new NotFoundError(
      runDir,
      'run directory',
      'pass the folder `flopmatch compare` wrote (./runs/<preset>)',
    );
  const resultsPath = join(runDir, RUN_FILES.results);
  if (!(await exists(resultsPath)))
    throw new NotFoundError(
      resultsPath,
      'results store',
      'run `flopmatch compare` until at least one unit finishes',
    );
  const records = await readResults(runDir);
  const infoPath = join(runDir, RUN_FILES.run);
  let info: RunInfo | undefined;
  if (await exists(infoPath)) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(infoPath, 'utf8'));
    } catch (error) {
      throw new FileFormatError(
        infoPath,
        `not valid JSON (${(error as Error).message})`,
        'restore the file or delete it',
      );
    }
    const parsed = RunInfoSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      throw new FileFormatError(infoPath, `not a valid run.json:\n  - ${issues.slice(0, 8).join('\n  - ')}`);
    }
    info = parsed.data;
  }
  return { runDir, info, records };
}
