/** The README's example runs as written (STYLE habit 15), and its preset table matches the command. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { formatCount } from './cli/format.js';
import { transformerFlops } from './models/transformer-flops.js';
import { transformerParams } from './models/transformer-params.js';
import { GOLDEN_PRESETS } from './presets/golden-presets.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
// `tmp/` is git-ignored; the file sits inside the package so '@flopmatch/flops' resolves to this source.
const scratch = join(packageDir, 'tmp', `readme-${process.pid}`);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('README', () => {
  it('runs its example and prints what the comments say', async () => {
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    mkdirSync(scratch, { recursive: true });
    const file = join(scratch, 'example.ts');
    writeFileSync(file, code!);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await import(/* @vite-ignore */ file);
      const printed = log.mock.calls;
      expect(printed[0]?.[0]).toBeCloseTo(118.66, 2);
      expect(printed[1]?.[0]).toMatchObject({ model: expect.any(Number), executed: expect.any(Number) });
      expect(printed[2]?.[0]).toBe(124_439_808);
      expect(printed[3]?.[1]).toBe(64);
    } finally {
      log.mockRestore();
    }
  });

  it('lists each preset with the numbers the command prints', () => {
    for (const [id, shape] of Object.entries(GOLDEN_PRESETS)) {
      const f = transformerFlops(shape);
      const p = transformerParams(shape);
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${id}\``));
      expect(row, id).toBeDefined();
      expect(row).toContain(`${formatCount(f.forward.model)} / ${formatCount(f.forward.executed)}`);
      expect(row).toContain(formatCount(f.perToken.training.model));
      expect(row).toContain(`${formatCount(p.total)} / ${formatCount(p.nonEmbedding)}`);
    }
    const oneHot = transformerFlops(GOLDEN_PRESETS['gpt2-small'], { embedding: 'one-hot' });
    expect(readme).toContain(`would add 2·V·d per token: ${formatCount(oneHot.forward.executed)} executed`);
  });
});
