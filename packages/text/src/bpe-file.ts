/**
 * Saving and loading a BPE tokenizer as versioned JSON (format in `BpeFileSchema`). Writes are atomic (a
 * temporary file fsynced and renamed over the target); loads validate every field and fail with the path and the fix.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, FileFormatError, writeFileAtomic } from '@flopmatch/core';
import { BpeTokenizer } from './bpe-tokenizer.js';

/**
 * Writes `tokenizer` to `path` as compact JSON, atomically (`writeFileAtomic` from `@flopmatch/core`): a
 * reader sees the old file or the complete new one, never a half-written one.
 */
export async function saveBpeTokenizer(tokenizer: BpeTokenizer, path: string): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(tokenizer.toJSON())}\n`);
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
