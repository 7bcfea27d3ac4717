import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeatureSet } from '../feature-set.js';
import { readFeatureSet, sidecarPath, writeFeatureSet } from './feature-set-file.js';
import { writeNpy } from './npy.js';

describe('feature set files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flopmatch-fs-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips features with their extractor name and hash', async () => {
    const path = join(dir, 'real.npy');
    const set = createFeatureSet({
      data: Float32Array.from([1, 2, 3, 4, 5, 6]),
      n: 3,
      dim: 2,
      extractorHash: 'sha256:abc',
      extractor: 'shapes-v1',
    });
    await writeFeatureSet(path, set);
    expect(await readFeatureSet(path)).toEqual(set);
  });

  it('loads a bare .npy as unverified and writes no sidecar for it', async () => {
    const path = join(dir, 'bare.npy');
    await writeNpy(path, { dtype: 'float64', shape: [1, 2], data: Float64Array.from([1, 2]) });
    const set = await readFeatureSet(path);
    expect(set.extractorHash).toBe('unverified');
    expect(set.extractor).toBeUndefined();
  });

  it('names a malformed sidecar and the fix', async () => {
    const path = join(dir, 'odd.npy');
    await writeNpy(path, { dtype: 'float64', shape: [1, 1], data: Float64Array.from([1]) });
    await writeFile(sidecarPath(path), '{"extractor": "x"}');
    await expect(readFeatureSet(path)).rejects.toThrow(
      /odd\.npy\.json: invalid feature sidecar at 'extractorHash'[\s\S]*fix:/,
    );
    await writeFile(sidecarPath(path), '{oops');
    await expect(readFeatureSet(path)).rejects.toThrow(/odd\.npy\.json: invalid JSON/);
  });
});
