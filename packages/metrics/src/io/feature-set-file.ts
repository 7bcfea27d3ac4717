/**
 * Feature sets on disk: the features as `<name>.npy` ([N, D] float32/float64) plus an optional JSON sidecar
 * `<name>.npy.json` = `{ "extractor": "shapes-v1", "extractorHash": "sha256:…" }` saying which network made
 * them. A bare `.npy` (e.g. from a Python tool) loads with the hash `unverified`; comparing it with a
 * hashed set fails with `ExtractorMismatchError`, so unverified numbers never mix with versioned ones.
 */
import { readFile } from 'node:fs/promises';
import { FileFormatError, writeJsonAtomic } from '@flopmatch/core';
import { z } from 'zod';
import { createFeatureSet, type NamedFeatureSet, UNVERIFIED_EXTRACTOR } from '../feature-set.js';
import { readNpy, writeNpy } from './npy.js';

const SidecarSchema = z
  .object({
    /** Extractor name used in metric names. */
    extractor: z.string().min(1).optional(),
    /** Hash of the extractor's weights (`hashExtractorWeights`). */
    extractorHash: z.string().min(1),
  })
  .strict();

/** The sidecar path of a feature file: `<path>.json`. */
export function sidecarPath(path: string): string {
  return `${path}.json`;
}

/**
 * Reads a feature set from `path` (`.npy`) and its sidecar if present. Throws `FileFormatError` naming
 * the file for an unreadable or malformed `.npy` or sidecar.
 *
 * @example
 * const real = await readFeatureSet('runs/eval/real.npy');
 */
export async function readFeatureSet(path: string): Promise<NamedFeatureSet> {
  const array = await readNpy(path);
  const side = sidecarPath(path);
  let meta: z.output<typeof SidecarSchema> | undefined;
  let text: string | undefined;
  try {
    text = await readFile(side, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new FileFormatError(side, `cannot read the sidecar (${(error as NodeJS.ErrnoException).code})`);
    }
  }
  if (text !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new FileFormatError(side, `invalid JSON: ${(error as Error).message}`);
    }
    const parsed = SidecarSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new FileFormatError(
        side,
        `invalid feature sidecar at '${issue.path.join('.') || '(root)'}': ${issue.message}`,
        'write {"extractor": "<name>", "extractorHash": "sha256:<hex>"} or delete the sidecar',
      );
    }
    meta = parsed.data;
  }
  return createFeatureSet({
    data: array.data,
    n: array.shape[0],
    dim: array.shape[1],
    extractorHash: meta?.extractorHash ?? UNVERIFIED_EXTRACTOR,
    ...(meta?.extractor !== undefined ? { extractor: meta.extractor } : {}),
  });
}

/**
 * Writes a feature set as `.npy` plus its sidecar (omitted for unverified sets), both atomically.
 *
 * @example
 * await writeFeatureSet('runs/eval/fake.npy', features);
 */
export async function writeFeatureSet(path: string, set: NamedFeatureSet): Promise<void> {
  await writeNpy(path, {
    dtype: set.data instanceof Float32Array ? 'float32' : 'float64',
    shape: [set.n, set.dim],
    data: set.data,
  });
  if (set.extractorHash === UNVERIFIED_EXTRACTOR) return;
  const side = sidecarPath(path);
  const meta = {
    ...(set.extractor !== undefined ? { extractor: set.extractor } : {}),
    extractorHash: set.extractorHash,
  };
  await writeJsonAtomic(side, meta);
}
