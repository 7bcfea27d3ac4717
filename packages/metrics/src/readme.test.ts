import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { createFeatureSet } from './feature-set.js';
import { writeFeatureSet } from './io/feature-set-file.js';
import { evaluate } from './readme-example.js';

describe('README example', () => {
  it('is the code README.md shows', async () => {
    const source = await readFile(join(import.meta.dirname, 'readme-example.ts'), 'utf8');
    const region = source.split('// #region readme\n')[1]!.split('// #endregion')[0]!;
    const readme = await readFile(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain(region);
  });

  it('runs: FD, KID, precision/recall with N, and an exact prompt check', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flopmatch-readme-'));
    try {
      const rng = new Rng(0);
      for (const [name, shift] of [
        ['real', 0],
        ['fake', 0.5],
      ] as const) {
        const data = Float32Array.from({ length: 200 * 8 }, () => rng.normal() + shift);
        await writeFeatureSet(
          join(dir, `${name}.npy`),
          createFeatureSet({ data, n: 200, dim: 8, extractorHash: 'sha256:readme', extractor: 'toy-v1' }),
        );
      }
      const out = await evaluate(join(dir, 'real.npy'), join(dir, 'fake.npy'));
      expect(out.fd).toMatchObject({ name: 'FD-toy-v1', n: 200 });
      // Shift 0.5 in 8 dims: |Δμ|² ≈ 8·0.25 = 2 plus sampling noise.
      expect(out.fd.value).toBeGreaterThan(1.5);
      expect(out.fd.value).toBeLessThan(3);
      expect(out.kid.value).toBeGreaterThan(0);
      expect(out.precision.value).toBeGreaterThan(0);
      expect(out.recall.value).toBeLessThanOrEqual(1);
      expect(out.promptCorrect).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
