import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../src/rng/rng.js';

const here = import.meta.dirname;

describe('README example', () => {
  it('is the file this test runs, verbatim', () => {
    const readme = readFileSync(join(here, '..', 'README.md'), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(readFileSync(join(here, 'readme-example.ts'), 'utf8'));
  });

  it('runs and draws scaled normals from the split stream', async () => {
    const { samples } = await import('./readme-example.js');
    const ref = new Rng(42).split('noise');
    expect(samples).toEqual([0.5 * ref.normal(), 0.5 * ref.normal(), 0.5 * ref.normal()]);
  });
});
