/** The JSONL training log: one record per step, and its repair when a run resumes from a checkpoint. */
import { stat } from 'node:fs/promises';
import type { FlopCount } from '../contracts/flop-count.js';
import { readJsonl } from '../io/read-jsonl.js';
import { writeFileAtomic } from '../io/write-file-atomic.js';

/** One line of `log.jsonl`. */
export interface StepRecord {
  /** Steps completed (1 for the first step). */
  step: number;
  loss: number;
  /** FLOPs spent up to and including this step. */
  flops: FlopCount;
  lr?: number;
  metrics?: Record<string, number>;
  /** Wall-clock milliseconds this step took. */
  wallMs: number;
  /** ISO time the step finished. */
  time: string;
}

/**
 * Keeps only the records with `step ≤ lastStep` (what the checkpoint being resumed had logged), so the log
 * of a resumed run matches an uninterrupted one; a partial last line from a killed write is dropped too.
 * Returns the number of records removed.
 */
export async function truncateStepLog(path: string, lastStep: number): Promise<number> {
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (!exists) return 0;
  const { records, truncated } = await readJsonl<StepRecord>(path);
  const kept = records.filter((r) => r.step <= lastStep);
  if (kept.length === records.length && !truncated) return 0;
  await writeFileAtomic(path, kept.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return records.length - kept.length + (truncated ? 1 : 0);
}
