import { writeFileAtomic } from './write-file-atomic.js';

/**
 * Writes `value` as JSON (2-space indent, trailing newline) to `path` atomically.
 *
 * @example
 * await writeJsonAtomic('runs/a/summary.json', { fd: 12.3, n: 1000 });
 */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
