import { readFile } from 'node:fs/promises';
import type { HostArray } from '../contracts/tensor.js';
import { NotFoundError } from '../errors.js';
import { writeFileAtomic } from '../io/write-file-atomic.js';
import { decodeSafetensors, type SafetensorsContent } from './decode-safetensors.js';
import { encodeSafetensors } from './encode-safetensors.js';

/**
 * Reads and validates a `.safetensors` file (`NotFoundError` if absent, `FileFormatError` if corrupt).
 *
 * @example
 * const { tensors } = await readSafetensors('model.safetensors');
 */
export async function readSafetensors(path: string): Promise<SafetensorsContent> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(path, 'safetensors file');
    throw error;
  }
  return decodeSafetensors(bytes, path);
}

/**
 * Writes tensors to a `.safetensors` file atomically; returns the bytes written (for hashing).
 *
 * @example
 * await writeSafetensors('w.safetensors', { w: { dtype: 'float32', shape: [1], data: new Float32Array([3]) } });
 */
export async function writeSafetensors(
  path: string,
  tensors: Record<string, HostArray>,
  metadata?: Record<string, string>,
): Promise<Uint8Array> {
  const bytes = encodeSafetensors(tensors, metadata);
  await writeFileAtomic(path, bytes);
  return bytes;
}
