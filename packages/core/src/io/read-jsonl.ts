import { readFile } from 'node:fs/promises';
import { FileFormatError, NotFoundError } from '../errors.js';

/** What `readJsonl` found. */
export interface JsonlContent<T> {
  records: T[];
  /**
   * Set when the last line has no newline and is not valid JSON: a write cut short by a killed process.
   * The partial line is skipped, not parsed.
   */
  truncated?: { line: number; text: string };
}

/**
 * Reads a JSON Lines file. A truncated last line (no trailing newline, invalid JSON) is skipped and
 * reported in `truncated`; any other invalid line throws `FileFormatError` naming the path and line.
 * Blank lines are ignored.
 *
 * @example
 * const { records, truncated } = await readJsonl<{ step: number }>('runs/a/log.jsonl');
 */
export async function readJsonl<T = unknown>(path: string): Promise<JsonlContent<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(path, 'JSON Lines file');
    throw error;
  }
  const lines = text.split('\n');
  const endsClean = text.length === 0 || text.endsWith('\n');
  if (endsClean) lines.pop();
  const records: T[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line) as T);
    } catch (error) {
      const isLast = i === lines.length - 1;
      if (isLast && !endsClean) return { records, truncated: { line: i + 1, text: line } };
      throw new FileFormatError(
        path,
        `line ${i + 1} is not valid JSON (${(error as Error).message})`,
        'fix or delete that line; only a partial last line (a killed write) is skipped automatically',
      );
    }
  }
  return { records };
}
