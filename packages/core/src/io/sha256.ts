import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { NotFoundError } from '../errors.js';

/** Hex sha256 of bytes or a string (UTF-8). */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Hex sha256 of a file's contents, streamed (constant memory).
 *
 * @example
 * const hash = await sha256File('runs/a/step-300/model.safetensors');
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(path, 'file');
    throw error;
  }
  return hash.digest('hex');
}
