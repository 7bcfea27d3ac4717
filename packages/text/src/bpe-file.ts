/**
 * Saving and loading a BPE tokenizer as versioned JSON (format in `BpeFileSchema`). Writes are atomic (a
 * temporary file renamed over the target); loads validate every field and fail with the path and the fix.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { ConfigError, FileFormatError } from '@flopmatch/core';
import { BpeTokenizer } from './bpe-tokenizer.js';

/** Writes `tokenizer` to `path` as JSON, atomically: a reader never sees a half-written file. */
export async function saveBpeTokenizer(tokenizer: BpeTokenizer, path: string): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(tokenizer.toJSON())}\n`, 'utf8');
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/**
 * Reads a tokenizer saved by `saveBpeTokenizer`. Throws `FileFormatError` (with the path) when the file is
 * missing or not JSON, and `ConfigError` naming the path and each invalid field otherwise.
 */
export async function loadBpeTokenizer(path: string): Promise<BpeTokenizer> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FileFormatError(
      path,
      code === 'ENOENT' ? 'no such tokenizer file' : `cannot be read (${(error as Error).message})`,
      code === 'ENOENT'
        ? 'check the path, or train and save a tokenizer first (saveBpeTokenizer)'
        : undefined,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FileFormatError(
      path,
      `is not valid JSON (${(error as Error).message})`,
      'the file is truncated or corrupt: save the tokenizer again',
    );
  }
  try {
    return BpeTokenizer.fromJSON(value, path);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new FileFormatError(path, (error as Error).message);
  }
}
