import { readFileSync } from 'node:fs';
import { FileFormatError } from '../errors.js';

/**
 * Reads a whole file synchronously; a missing or unreadable file becomes a `FileFormatError` naming the
 * path and the system's error code (`ENOENT`, `EISDIR`, …), with `fix` as its fix.
 *
 * @example
 * const bytes = readFileBytes('images/cat.png', 'check the path');
 */
export function readFileBytes(path: string, fix: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new FileFormatError(
      path,
      `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      fix,
    );
  }
}
