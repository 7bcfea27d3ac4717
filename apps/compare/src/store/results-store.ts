/**
 * The results store: `results.jsonl` in a run directory, one validated `UnitRecord` per finished unit.
 * Only the scheduler process writes it (workers write their unit's `result.json` atomically and the
 * scheduler appends it here), so appends never interleave. A partial last line left by a killed process is
 * cut off when the store opens. `ResultsStore` is the seam for another backend (SQLite, a database).
 */

import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { appendJsonl, FileFormatError, FlopmatchError, readJsonl, writeFileAtomic } from '@flopmatch/core';
import { RESULTS_FORMAT, RESULTS_VERSION, RUN_FILES, type UnitRecord, UnitRecordSchema } from './schema.js';

/** Where finished units' results live. */
export interface ResultsStore {
  /** Run directory the store belongs to. */
  readonly runDir: string;
  /** Every record, in the order written. */
  list(): UnitRecord[];
  /** The record of `unit`, or undefined when it has not finished. */
  get(unit: string): UnitRecord | undefined;
  has(unit: string): boolean;
  /** Adds a finished unit's record (durably, before resolving); a second record for the same unit throws. */
  put(record: UnitRecord): Promise<void>;
}

/** Validates one parsed record; errors name the file, line and field. */
export function parseUnitRecord(value: unknown, where: string): UnitRecord {
  const v = value as { format?: unknown; version?: unknown };
  if (v?.format === RESULTS_FORMAT && typeof v.version === 'number' && v.version > RESULTS_VERSION) {
    throw new FileFormatError(
      where,
      `written by results version ${v.version}; this app reads version ${RESULTS_VERSION}`,
      'upgrade @flopmatch/compare',
    );
  }
  const parsed = UnitRecordSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new FileFormatError(where, `not a valid results record:\n  - ${issues.slice(0, 8).join('\n  - ')}`);
}

/**
 * Reads every record of `<runDir>/results.jsonl` (none if the file does not exist), validated. A partial
 * last line (a killed write) is skipped.
 *
 * @example
 * const records = await readResults('runs/demo');
 * const evals = records.filter((r) => r.kind === 'eval');
 */
export async function readResults(runDir: string): Promise<UnitRecord[]> {
  const path = join(runDir, RUN_FILES.results);
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (!exists) return [];
  const { records } = await readJsonl<unknown>(path);
  return records.map((r, i) => parseUnitRecord(r, `${path} record ${i + 1}`));
}

/**
 * Opens (creating if needed) the JSONL results store of a run directory. A partial last line is removed
 * so later appends start on a fresh line; a duplicate unit in the file is an error naming it.
 */
export async function openJsonlResultsStore(runDir: string): Promise<ResultsStore> {
  await mkdir(runDir, { recursive: true });
  const path = join(runDir, RUN_FILES.results);
  const records: UnitRecord[] = [];
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (exists) {
    const content = await readJsonl<unknown>(path);
    content.records.forEach((r, i) => {
      records.push(parseUnitRecord(r, `${path} record ${i + 1}`));
    });
    if (content.truncated)
      await writeFileAtomic(path, content.records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }
  const byUnit = new Map<string, UnitRecord>();
  for (const r of records) {
    if (byUnit.has(r.unit))
      throw new FileFormatError(path, `unit '${r.unit}' appears twice`, 'delete one of the two lines');
    byUnit.set(r.unit, r);
  }
  return {
    runDir,
    list: () => [...records],
    get: (unit) => byUnit.get(unit),
    has: (unit) => byUnit.has(unit),
    async put(record) {
      const valid = parseUnitRecord(record, `result of unit '${record.unit}'`);
      if (byUnit.has(valid.unit))
        throw new FlopmatchError('E_RESULTS', `unit '${valid.unit}' already has a result in ${path}`);
      await appendJsonl(path, valid, { fsync: true });
      records.push(valid);
      byUnit.set(valid.unit, valid);
    },
  };
}
